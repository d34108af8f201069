"""Certificates of completion as PDF (`withus.core.pdf`: tagged, accessible, nothing fetched)."""

from withus.core.pdf import render_pdf
from withus.learning.models import Completion


def certificate_pdf(completion: Completion, *, trust_name: str) -> bytes:
    title = certificate_title(completion)
    return render_pdf(
        "learning/certificate.html.jinja",
        {"completion": completion, "trust_name": trust_name, "title": title},
        title=title,
    )


def certificate_title(completion: Completion) -> str:
    return f"Certificate of completion: {completion.course.name}"


def certificate_filename(completion: Completion) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in completion.course.name.lower()).strip("-")
    return f"certificate-{slug}-{completion.completed_on.isoformat()}.pdf"
