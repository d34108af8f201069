"""When a person on the register is erased (ADR 0021, people.privacy.person_erase), accreditation keeps the
review's ratings, panels and decision exactly as they were but stops naming them (issue 18, ADR 35)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from withus.accreditation.models import Action, Decision, PanelSitting, Rating, TeamMember
from withus.accreditation.services.reviews import decision_make, rating_record
from withus.accreditation.services.standards import edition_draft_next, standard_change
from withus.accreditation.tests.builders import build, to_final_panel
from withus.accreditation.tests.test_services import at_visit, rate_all
from withus.core.models import AuditEntry
from withus.people import privacy
from withus.people.models import DataDecision, DataDecisionOutcome, DataDecisionStatus

pytestmark = pytest.mark.django_db

VALUES = ["met", "met", "met", "not_met", "partly", "met"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def erase(person) -> None:
    decision = DataDecision.objects.create(
        organisation=person.organisation,
        person=person,
        withdrawn_on=datetime.date(2020, 1, 1),
        status=DataDecisionStatus.AGREED,
        outcome=DataDecisionOutcome.ERASE,
    )
    assert privacy.person_erase(decision=decision, today=datetime.date(2099, 1, 1))


@pytest.fixture
def decided():
    """Amara Bello led the visit and chaired both panels; her notes and an action's evidence name her."""
    w = build()
    w.amara.full_name, w.amara.preferred_name = "Amara Bello", "Ami"
    w.amara.save()
    review = at_visit(w)
    rate_all(w, review, VALUES)
    rating_record(
        review=review,
        standard=w.standards[3],
        source="assessor",
        value="not_met",
        assessor=w.amara,
        notes="Amara Bello found no care plans; ami asked twice",
        actor=w.lead,
    )
    to_final_panel(w, review)
    decision = decision_make(review=review, chair=w.amara, actor=w.lead, members=[w.ben])
    action = Action.objects.filter(review=review).first()
    action.evidence = "Checked with Amara Bello on the ward"
    action.save()
    w.review, w.decision, w.action = review, decision, action
    return w


def test_erasure_keeps_the_decision_and_ratings_but_stops_naming_them(decided):
    w = decided
    before = Decision.objects.get(pk=w.decision.pk)
    ratings_before = sorted(Rating.objects.filter(review=w.review).values_list("standard__code", "source", "value"))
    erase(w.amara)
    decision = Decision.objects.get(pk=w.decision.pk)
    assert (decision.award, decision.computed_award, decision.rule_snapshot, decision.figures) == (
        before.award,
        before.computed_award,
        before.rule_snapshot,
        before.figures,
    )
    assert decision.chair_id == w.amara.pk  # the row stays (the register keeps it, with the name replaced)
    ratings_after = sorted(Rating.objects.filter(review=w.review).values_list("standard__code", "source", "value"))
    assert ratings_after == ratings_before
    assert TeamMember.objects.filter(review=w.review, person=w.amara, is_lead=True).exists()
    assert PanelSitting.objects.filter(review=w.review, chair=w.amara).count() == 2
    # Her name is gone from the free text written on the review, and each change is audited.
    note = Rating.objects.get(review=w.review, standard=w.standards[3], assessor=w.amara).notes
    assert note == "[name removed] found no care plans; [name removed] asked twice"
    w.action.refresh_from_db()
    assert w.action.evidence == "Checked with [name removed] on the ward"
    assert AuditEntry.objects.filter(object_id=str(w.action.pk), changed_fields__icontains="evidence").exists()


def test_pages_and_the_report_call_them_a_former_assessor(decided):
    w = decided
    erase(w.amara)
    client = signed_in(w.lead)
    page = client.get(reverse("accreditation:review", args=[w.review.pk])).content.decode()
    assert "Amara" not in page
    assert "Erased person" not in page
    assert "A former lead assessor" in page  # the visit team
    assert "A former assessor" in page  # her column of ratings
    assert "chaired by a former panel chair" in page
    assert w.ben.full_name in page  # everyone else is still named
    from withus.accreditation.presenters import report_context
    from withus.accreditation.selectors import report_reads
    from withus.accreditation.views.reviews import LABELS

    context = report_context(w.review, report_reads(w.review), LABELS)
    report = render_to_string("accreditation/report.html.jinja", {**context, "title": "Accreditation report"})
    assert "A former panel chair" in report
    assert "Amara" not in report


def test_a_standard_they_proposed_keeps_its_words_and_no_longer_names_them(decided):
    w = decided
    edition = edition_draft_next(standard_set=w.edition.standard_set, actor=w.lead)
    standard = edition.themes.get().standards.get(code="1.1")
    values = {n: getattr(standard, n) for n in ("theme", "code", "text", "guidance", "type", "evidenced_by")}
    standard_change(standard=standard, proposed_by=w.amara, actor=w.lead, **values)
    erase(w.amara)
    standard.refresh_from_db()
    assert (standard.proposed_by_id, standard.text) == (w.amara.pk, "I am listened to (1)")
    page = signed_in(w.lead).get(reverse("accreditation:edition", args=[edition.pk])).content.decode()
    assert "Someone no longer on the register" in page
    assert "Amara" not in page
    assert "Erased person" not in page
    # Nor is she offered as someone who proposed a standard, or as an assessor for a new visit.
    form_page = signed_in(w.lead).get(reverse("accreditation:standard_new", args=[edition.pk])).content.decode()
    assert "Erased person" not in form_page
    # Changing the standard's words keeps the link to them (still not named).
    url = reverse("accreditation:standard", args=[edition.pk, standard.pk])
    edit_page = signed_in(w.lead).get(url).content.decode()
    assert "Someone no longer on the register" in edit_page
    assert "Erased person" not in edit_page
    form = {**values, "theme": standard.theme_id, "text": "Staff listen to me", "proposed_by": w.amara.pk}
    assert signed_in(w.lead).post(url, form).status_code == 302
    standard.refresh_from_db()
    assert (standard.proposed_by_id, standard.text) == (w.amara.pk, "Staff listen to me")


def test_someone_never_in_accreditation_is_erased_without_touching_it(decided):
    w = decided
    stranger = w.untrained
    notes = list(Rating.objects.values_list("notes", flat=True))
    erase(stranger)
    assert list(Rating.objects.values_list("notes", flat=True)) == notes
