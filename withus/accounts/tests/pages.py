"""Reading pages and e-mails in tests the way a person's browser would: send exactly the fields a form has."""

import re
from html.parser import HTMLParser

from django.core import mail

CODE = re.compile(r"^\s*([A-Z0-9]{3,8}(?:-[A-Z0-9]{3,8})*|\d{6,9})\s*$", re.MULTILINE)


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._current = {"action": attributes.get("action") or "", "fields": {}, "buttons": []}
            self.forms.append(self._current)
        elif self._current is not None and tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"radio", "checkbox"} and "checked" not in attributes:
                return
            if attributes.get("name"):
                self._current["fields"][attributes["name"]] = attributes.get("value") or ""
        elif self._current is not None and tag == "button" and attributes.get("name"):
            self._current["buttons"].append((attributes["name"], attributes.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def form_fields(html: str, action: str) -> dict[str, str]:
    """The fields the page's form posting to `action` would send as it stands (hidden ones included)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["action"].split("?")[0] == action:
            fields = dict(form["fields"])
            fields.pop("csrfmiddlewaretoken", None)
            fields.update(dict(form["buttons"][:1]))
            return fields
    raise AssertionError(f"No form posting to {action} on the page:\n{html[:3000]}")


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def latest_code_to(address: str) -> str:
    sent = messages_to(address)
    assert sent, f"No e-mail to {address}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
    match = CODE.search(sent[-1].body)
    assert match, f"No code in the e-mail to {address}:\n{sent[-1].body}"
    return match.group(1)
