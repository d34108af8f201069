"""UK mobile numbers: the only numbers WithUs sends text messages to (sign-in codes and messages, ADR 23 and 34)."""

import re

UK_MOBILE = re.compile(r"^07\d{9}$")
NOT_A_UK_MOBILE = "Enter a UK mobile number, like 07700 900123"


def uk_mobile(phone: str | None) -> str:
    """The number as 07… when it is a UK mobile number (typed with spaces, dashes, brackets or +44), else empty."""
    phone = phone or ""
    digits = "".join(character for character in phone if character.isdigit())
    if phone.strip().startswith("+44") or (digits.startswith("44") and len(digits) == 12):
        digits = "0" + digits[2:]
    if digits.startswith("0044") and len(digits) == 14:
        digits = "0" + digits[4:]
    return digits if UK_MOBILE.match(digits) else ""


def spaced_mobile(phone: str | None) -> str:
    """07700900123 as people write it: 07700 900123."""
    phone = phone or ""
    return f"{phone[:5]} {phone[5:]}" if UK_MOBILE.match(phone) else phone
