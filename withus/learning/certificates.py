"""Certificates of completion as PDF (WeasyPrint): inline CSS and system fonts only, nothing fetched."""

from django.template.loader import render_to_string

from withus.learning.models import Completion


def certificate_pdf(completion: Completion, *, trust_name: str) -> bytes:
    # Imported here: WeasyPrint is slow to import and parses its own stylesheets as it loads.
    from weasyprint import HTML

    html = render_to_string(
        "learning/certificate.html.jinja",
        {"completion": completion, "trust_name": trust_name},
    )
    # No base URL: the page has no links to follow, so WeasyPrint never reads a file or the network.
    return HTML(string=html, base_url=None, url_fetcher=_refuse).write_pdf()


def _refuse(url, *args, **kwargs):
    raise ValueError(f"Certificates load nothing from outside: {url}")


def certificate_filename(completion: Completion) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in completion.course.name.lower()).strip("-")
    return f"certificate-{slug}-{completion.completed_on.isoformat()}.pdf"
