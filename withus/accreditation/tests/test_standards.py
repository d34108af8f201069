"""Drafting, reviewing and publishing a new edition of a standard set (issue 18 item 1, ADR 35): the services and
the pages, with the refusals (duplicate codes, empty text, an edition with no standards, a published edition, two
people publishing at once)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.accreditation.editions import edition_changes
from withus.accreditation.models import Edition, EditionStatus, EvidencedBy, Standard
from withus.accreditation.services import standards as services
from withus.accreditation.tests.builders import build
from withus.core.models import AuditAction, AuditEntry
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 4, 1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def draft(w) -> Edition:
    return services.edition_draft_next(standard_set=w.edition.standard_set, actor=w.lead)


def standard_values(standard: Standard, **changes) -> dict:
    values = {
        name: getattr(standard, name)
        for name in ("theme", "code", "text", "guidance", "type", "evidenced_by", "proposed_by")
    }
    return {**values, **changes}


# --- Services -------------------------------------------------------------------------------------------------


def test_a_new_edition_starts_as_a_copy_of_the_current_one():
    w = build()
    proposer = PersonFactory(organisation=w.organisation, kind=PersonKind.SERVICE_USER)
    edition = draft(w)
    assert (edition.number, edition.status, edition.based_on_id) == (2, EditionStatus.DRAFT, w.edition.pk)
    copied = list(Standard.objects.filter(theme__edition=edition).order_by("code"))
    assert [s.code for s in copied] == [s.code for s in w.standards]
    assert [s.carried_from_id for s in copied] == [s.pk for s in w.standards]
    assert edition.themes.get().title == "Being listened to"
    # Changing the copy leaves the published edition as it was.
    services.standard_change(
        standard=copied[0], actor=w.lead, **standard_values(copied[0], text="Staff listen to me", proposed_by=proposer)
    )
    w.standards[0].refresh_from_db()
    assert w.standards[0].text == "I am listened to (1)"
    assert AuditEntry.objects.filter(object_type="standard", action=AuditAction.UPDATE).exists()


def test_only_one_edition_is_drafted_at_a_time():
    w = build()
    edition = draft(w)
    with pytest.raises(ValidationError, match=f"Edition {edition.number} of Ward standards is already being drafted"):
        draft(w)
    assert Edition.objects.filter(standard_set=w.edition.standard_set).count() == 2


def test_duplicate_codes_and_empty_text_are_refused_and_nothing_is_saved():
    w = build()
    edition = draft(w)
    theme = edition.themes.get()
    with pytest.raises(ValidationError) as error:
        services.standard_add(theme=theme, code="1.2", text="   ", type=7, evidenced_by="guess", actor=w.lead)
    assert error.value.message_dict == {
        "text": ["Enter the standard, written from the service user's point of view"],
        "type": ["Choose type 1, 2 or 3"],
        "evidenced_by": ["Choose how the standard is evidenced"],
        "code": ["This edition already has a standard 1.2: choose another code"],
    }
    _first, second = Standard.objects.filter(theme__edition=edition).order_by("code")[:2]
    with pytest.raises(ValidationError) as error:
        services.standard_change(standard=second, actor=w.lead, **standard_values(second, code="1.1", text=""))
    assert set(error.value.message_dict) == {"code", "text"}
    second.refresh_from_db()
    assert (second.code, second.text) == ("1.2", "I am listened to (2)")
    # The same code in another theme of the edition is refused too: a code means one standard.
    other = services.theme_add(edition=edition, number=2, title="Safety", actor=w.lead)
    with pytest.raises(ValidationError, match=r"already has a standard 1\.1"):
        services.standard_add(theme=other, code="1.1", text="I feel safe", type=1, evidenced_by="talking", actor=w.lead)
    with pytest.raises(ValidationError, match="already has a theme 2"):
        services.theme_update(theme=edition.themes.get(number=1), number=2, title="Listening", actor=w.lead)


def test_a_published_edition_never_changes():
    w = build()
    standard = w.standards[0]
    for call in (
        lambda: services.standard_change(standard=standard, actor=w.lead, **standard_values(standard, text="New")),
        lambda: services.standard_remove(standard=standard, actor=w.lead),
        lambda: services.theme_update(theme=w.theme, number=1, title="New", actor=w.lead),
        lambda: services.edition_send_for_review(edition=w.edition, actor=w.lead),
        lambda: services.edition_publish(edition=w.edition, effective_from=DAY, actor=w.lead),
    ):
        with pytest.raises(ValidationError, match="published and can no longer change"):
            call()
    assert Standard.objects.filter(pk=standard.pk, text="I am listened to (1)").exists()


def test_an_edition_with_no_standards_is_not_sent_for_review_or_published():
    w = build()
    edition = draft(w)
    for standard in Standard.objects.filter(theme__edition=edition):
        services.standard_remove(standard=standard, actor=w.lead)
    with pytest.raises(ValidationError, match="Add at least one standard"):
        services.edition_send_for_review(edition=edition, actor=w.lead)
    with pytest.raises(ValidationError, match="at least one standard"):
        services.edition_publish(edition=edition, effective_from=DAY, actor=w.lead)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


def test_the_pages_publish_only_after_review_and_then_once():
    w = build()
    edition = draft(w)
    with pytest.raises(ValidationError, match="Send the edition for review before publishing"):
        services.edition_publish(edition=edition, effective_from=DAY, reviewed=True, actor=w.lead)
    services.edition_send_for_review(edition=edition, actor=w.lead)
    published = services.edition_publish(edition=edition, effective_from=DAY, reviewed=True, actor=w.lead)
    assert (published.status, published.effective_from, published.published_by) == ("published", DAY, w.lead)
    # A draft of the next edition can now start, from the edition just published.
    assert draft(w).based_on_id == edition.pk


def test_two_people_publishing_at_once_one_wins_and_the_other_is_told(monkeypatch):
    """The second publisher read the edition while it was still in review (both passed the check at once); by the
    time they write, the first has published. The write is only made to an unpublished edition, so it is refused
    and the first publisher's date stands."""
    w = build()
    edition = draft(w)
    services.edition_send_for_review(edition=edition, actor=w.lead)
    stale = Edition.objects.get(pk=edition.pk)
    other_lead = UserFactory(organisation=w.organisation, roles=[(Role.PARTICIPATION_LEAD, None)])
    services.edition_publish(edition=edition, effective_from=DAY, reviewed=True, actor=w.lead)
    monkeypatch.setattr(services, "_draft", lambda edition: stale)
    with pytest.raises(ValidationError, match="Someone else published this edition a moment ago"):
        services.edition_publish(
            edition=stale, effective_from=DAY + datetime.timedelta(days=1), reviewed=True, actor=other_lead
        )
    edition.refresh_from_db()
    assert (edition.published_by, edition.effective_from) == (w.lead, DAY)


def test_what_changed_from_the_edition_before():
    w = build()
    edition = draft(w)
    standards = {s.code: s for s in Standard.objects.filter(theme__edition=edition)}
    services.standard_change(
        standard=standards["1.2"], actor=w.lead, **standard_values(standards["1.2"], code="1.2a", text="Reworded")
    )
    services.standard_change(standard=standards["1.3"], actor=w.lead, **standard_values(standards["1.3"], type=1))
    services.standard_remove(standard=standards["1.6"], actor=w.lead)
    theme = services.theme_add(edition=edition, number=2, title="Safety", actor=w.lead)
    services.standard_add(theme=theme, code="2.1", text="I feel safe", type=1, evidenced_by="talking", actor=w.lead)
    changes = edition_changes(edition)
    assert changes.previous == w.edition
    assert [c.after.code for c in changes.added] == ["2.1"]
    assert {c.after.code: c.fields for c in changes.changed} == {"1.2a": ["code", "text"], "1.3": ["type"]}
    assert [c.before.code for c in changes.removed] == ["1.6"]
    assert [t.title for t in changes.themes_added] == ["Safety"]
    assert changes.count == 5


# --- Pages ----------------------------------------------------------------------------------------------------


def test_lead_drafts_edits_sends_for_review_and_publishes_through_the_pages(django_assert_max_num_queries):
    w = build()
    client = signed_in(w.lead)
    page = client.get(reverse("accreditation:standards")).content.decode()
    assert "Draft edition 2 from edition 1" in page
    response = client.post(reverse("accreditation:edition_new", args=[w.edition.standard_set.pk]), follow=True)
    edition = Edition.objects.get(standard_set=w.edition.standard_set, number=2)
    assert "Edition 2 of Ward standards is started as a copy of edition 1. It is a draft." in response.content.decode()
    with django_assert_max_num_queries(14):
        page = client.get(reverse("accreditation:edition", args=[edition.pk])).content.decode()
    assert "I am listened to (1)" in page
    assert "Send for review" in page
    standard = Standard.objects.get(theme__edition=edition, code="1.1")
    url = reverse("accreditation:standard", args=[edition.pk, standard.pk])
    proposer = PersonFactory(organisation=w.organisation, kind=PersonKind.SERVICE_USER, full_name="Grace Adeyemi")
    form = {
        "theme": standard.theme_id,
        "code": "1.1",
        "text": "Staff listen to me and act on what I say",
        "guidance": "Ask three people",
        "type": "1",
        "evidenced_by": EvidencedBy.TALKING,
        "proposed_by": proposer.pk,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    standard.refresh_from_db()
    assert (standard.text, standard.proposed_by) == ("Staff listen to me and act on what I say", proposer)
    page = client.get(reverse("accreditation:edition", args=[edition.pk])).content.decode()
    assert "Grace Adeyemi" in page
    changes = client.get(reverse("accreditation:edition_changes", args=[edition.pk])).content.decode()
    assert "Was: I am listened to (1)" in changes
    assert "Now: Staff listen to me and act on what I say" in changes
    client.post(reverse("accreditation:edition_review", args=[edition.pk]))
    publish = reverse("accreditation:edition_publish", args=[edition.pk])
    assert "A published edition never changes" in client.get(publish).content.decode()
    response = client.post(
        publish,
        {"effective_from_day": "1", "effective_from_month": "4", "effective_from_year": "2027"},
        follow=True,
    )
    assert "Edition 2 of Ward standards is published. It can no longer change." in response.content.decode()
    edition.refresh_from_db()
    assert (edition.status, edition.effective_from) == (EditionStatus.PUBLISHED, DAY)


def test_bad_input_on_the_pages_gets_kind_messages():
    w = build()
    edition = draft(w)
    client = signed_in(w.lead)
    standard = Standard.objects.get(theme__edition=edition, code="1.2")
    response = client.post(
        reverse("accreditation:standard", args=[edition.pk, standard.pk]),
        {"theme": standard.theme_id, "code": "1.1", "text": "", "type": "1", "evidenced_by": "talking"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the standard" in page
    response = client.post(
        reverse("accreditation:standard", args=[edition.pk, standard.pk]),
        {"theme": standard.theme_id, "code": "1.1", "text": "Changed", "type": "1", "evidenced_by": "talking"},
    )
    assert "This edition already has a standard 1.1: choose another code" in response.content.decode()
    standard.refresh_from_db()
    assert (standard.code, standard.text) == ("1.2", "I am listened to (2)")
    # Publishing straight from draft is refused on the page: it is reviewed first.
    response = client.post(
        reverse("accreditation:edition_publish", args=[edition.pk]),
        {"effective_from_day": "1", "effective_from_month": "4", "effective_from_year": "2027"},
    )
    assert "Send the edition for review before publishing it." in response.content.decode()
    response = client.post(reverse("accreditation:theme_new", args=[edition.pk]), {"number": "1", "title": "Again"})
    assert "This edition already has a theme 1" in response.content.decode()


def test_editing_a_published_edition_is_refused_with_a_clear_message():
    w = build()
    client = signed_in(w.lead)
    standard = w.standards[0]
    for url in (
        reverse("accreditation:standard", args=[w.edition.pk, standard.pk]),
        reverse("accreditation:standard_new", args=[w.edition.pk]),
        reverse("accreditation:edition_publish", args=[w.edition.pk]),
    ):
        response = client.get(url, follow=True)
        assert "This edition is published and can no longer change. Draft a new edition to make changes." in (
            response.content.decode()
        )
    response = client.post(
        reverse("accreditation:standard", args=[w.edition.pk, standard.pk]),
        {"theme": standard.theme_id, "code": "1.1", "text": "Changed", "type": "1", "evidenced_by": "talking"},
        follow=True,
    )
    assert "can no longer change" in response.content.decode()
    standard.refresh_from_db()
    assert standard.text == "I am listened to (1)"
    page = client.get(reverse("accreditation:edition", args=[w.edition.pk])).content.decode()
    assert "This edition is published and never changes." in page
    assert "Send for review" not in page


def test_publishing_what_someone_else_just_published_says_so():
    w = build()
    edition = draft(w)
    services.edition_send_for_review(edition=edition, actor=w.lead)
    client = signed_in(w.lead)
    publish = reverse("accreditation:edition_publish", args=[edition.pk])
    assert client.get(publish).status_code == 200  # the page is open...
    other = UserFactory(organisation=w.organisation, roles=[(Role.ADMINISTRATOR, None)])
    services.edition_publish(edition=edition, effective_from=DAY, reviewed=True, actor=other)  # ...someone publishes
    response = client.post(
        publish, {"effective_from_day": "2", "effective_from_month": "4", "effective_from_year": "2027"}, follow=True
    )
    assert "This edition is published and can no longer change." in response.content.decode()
    edition.refresh_from_db()
    assert (edition.effective_from, edition.published_by) == (DAY, other)


def test_staff_read_the_standards_but_do_not_draft():
    w = build()
    staff = UserFactory(organisation=w.organisation, roles=[(Role.STAFF, w.ward)])
    client = signed_in(staff)
    page = client.get(reverse("accreditation:standards")).content.decode()
    assert "Ward standards" in page
    assert "Draft edition" not in page
    assert client.get(reverse("accreditation:edition", args=[w.edition.pk])).status_code == 200
    assert client.post(reverse("accreditation:edition_new", args=[w.edition.standard_set.pk])).status_code == 404
    assert not Edition.objects.filter(number=2).exists()
