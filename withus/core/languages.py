"""The languages WithUs can be read in (issue 26 item 4): English, and the demo area's main community languages.

A language is offered to people only once an administrator of their trust has confirmed it (its translation is
marked as awaiting review by its community until then). Each is named in English for staff and in itself for the
person choosing it.
"""

from dataclasses import dataclass

DEFAULT_LANGUAGE = "en-gb"


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    own_name: str
    right_to_left: bool = False


LANGUAGES = (
    Language(DEFAULT_LANGUAGE, "English", "English"),
    Language("bn", "Bengali", "বাংলা"),
    Language("ur", "Urdu", "اردو", right_to_left=True),
    Language("so", "Somali", "Soomaali"),
    Language("tr", "Turkish", "Türkçe"),
    Language("pl", "Polish", "Polski"),
)
BY_CODE = {language.code: language for language in LANGUAGES}
TRANSLATED = tuple(language.code for language in LANGUAGES if language.code != DEFAULT_LANGUAGE)


def language(code: str) -> Language:
    return BY_CODE.get(code) or BY_CODE[DEFAULT_LANGUAGE]
