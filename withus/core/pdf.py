"""PDFs: every PDF WithUs makes goes through `render_pdf`, which makes a tagged, accessible PDF/UA-1 document.

Tagged means screen readers follow the headings, paragraphs and tables in reading order (WeasyPrint builds the
structure tree from the HTML); the document says its language and shows its title rather than its file name.
Templates are plain HTML with inline CSS and system fonts. Nothing is fetched while rendering: no files, no network;
only `data:` URLs (e.g. a chart from `withus.core.charts.render_png`, base64-encoded) are read.
"""

from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"
DEFAULT_LANGUAGE = "en-GB"


def render_pdf(template_name: str, context: dict, *, title: str, language: str = DEFAULT_LANGUAGE) -> bytes:
    """The template rendered to a PDF/UA-1 document whose title is `title` and whose language is `language`
    (a BCP 47 tag such as "en-GB" or "cy")."""
    return html_to_pdf(render_to_string(template_name, context), title=title, language=language)


def html_to_pdf(html: str, *, title: str, language: str = DEFAULT_LANGUAGE) -> bytes:
    """An HTML document as a PDF/UA-1 document; see `render_pdf`."""
    if not title.strip():
        raise ValueError("An accessible PDF needs a title")
    if not language.strip():
        raise ValueError("An accessible PDF needs its language")
    # Imported here: WeasyPrint is slow to import and parses its own stylesheets as it loads.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # No base URL and a fetcher that allows data: URLs only, so rendering never reads a file or the network.
    fetcher = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    document.metadata.title = title
    document.metadata.lang = language
    return document.write_pdf(pdf_variant=PDF_VARIANT)
