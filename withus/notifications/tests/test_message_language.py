"""Issue 26: a message to a person is written in the language of their sign-in, when their trust offers it."""

import pytest
from django.utils import translation

from withus.core.languages import DEFAULT_LANGUAGE
from withus.notifications.services.language import in_persons_language, persons_language
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _offer(trust, *codes):
    trust.organisation.languages_offered = list(codes)
    trust.organisation.save(update_fields=["languages_offered"])


def _choose(participant, code):
    participant.user.language = code
    participant.user.save(update_fields=["language"])


def test_the_language_of_their_sign_in_when_the_trust_offers_it(trust, amara):
    _offer(trust, "pl", "ur")
    _choose(amara, "pl")
    assert persons_language(amara.person) == "pl"
    with in_persons_language(amara.person) as code:
        assert code == "pl"
        assert translation.get_language() == "pl"
        assert translation.gettext("Dear %(name)s,") == "Dzień dobry %(name)s,"


def test_english_when_the_trust_has_not_offered_their_language(trust, amara):
    _offer(trust, "ur")
    _choose(amara, "pl")  # chosen while it was offered; the administrator has since taken it away
    assert persons_language(amara.person) == DEFAULT_LANGUAGE
    with in_persons_language(amara.person):
        assert translation.gettext("Dear %(name)s,") == "Dear %(name)s,"


def test_english_for_someone_with_no_sign_in_or_no_choice(trust, amara):
    _offer(trust, "pl", "ur")
    no_sign_in = PersonFactory(organisation=trust.organisation)
    assert persons_language(no_sign_in) == DEFAULT_LANGUAGE
    assert persons_language(amara.person) == DEFAULT_LANGUAGE  # signed in, never chose


def test_the_language_before_is_back_after_the_block_even_after_an_error(trust, amara):
    _offer(trust, "ur")
    _choose(amara, "ur")
    seen = []

    def write_and_fail():
        with in_persons_language(amara.person):
            seen.append(translation.get_language())
            raise RuntimeError

    with translation.override("pl"):
        with pytest.raises(RuntimeError):
            write_and_fail()
        assert translation.get_language() == "pl"
    assert seen == ["ur"]
