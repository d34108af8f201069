"""The demo trust's languages (issue 26): its administrator has offered every translation, so each demo role can
see the language switch; the administrators' page still says each translation awaits review by its community."""

from withus.core.languages import TRANSLATED
from withus.organisations.models import Organisation


def build_languages(*, trust: Organisation) -> None:
    if not trust.languages_offered:
        trust.languages_offered = list(TRANSLATED)
        trust.save(update_fields=["languages_offered", "updated_at"])
