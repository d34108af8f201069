"""The steps after the visit (ADR 25): report agreed, service-user and final panels, action plans and QI projects,
appeals, messages through the outbox, the PDF report and the public unit page."""

import datetime
import io
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from withus.accreditation.models import Action, AppealOutcome, Award, PanelKind, ReviewStatus
from withus.accreditation.scoring import CCQI_PRESET, award_for
from withus.accreditation.selectors import simulate
from withus.accreditation.services.panels import appeal_hear, appeal_lodge, panel_sitting_record, report_agree
from withus.accreditation.services.plans import action_to_project, action_update
from withus.accreditation.services.reviews import decision_make, review_advance, review_visit_plan
from withus.accreditation.services.standards import scoring_rule_update
from withus.accreditation.tests.builders import build, to_final_panel, train
from withus.accreditation.tests.test_services import at_visit, rate_all
from withus.improvement.models import Project
from withus.involvement.models import InvolvementRecord
from withus.notifications.models import Message
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decided(w, values=("met", "met", "met", "not_met", "partly", "met"), **kwargs):
    review = at_visit(w)
    rate_all(w, review, list(values))
    to_final_panel(w, review)
    return decision_make(review=review, chair=w.amara, actor=w.lead, **kwargs)


def test_the_report_and_the_service_user_panel_are_steps_before_the_final_panel():
    w = build()
    review = at_visit(w)
    review_advance(review=review, actor=w.lead)
    with pytest.raises(ValidationError, match="Agree the report"):
        review_advance(review=review, actor=w.lead)
    report_agree(review=review, actor=w.lead)
    review_advance(review=review, actor=w.lead)
    with pytest.raises(ValidationError, match="Record the service-user panel"):
        review_advance(review=review, actor=w.lead)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SERVICE_USER_PANEL
    assert review.panel_rule_snapshot is None


def test_a_panel_chair_who_is_not_a_service_user_or_carer_is_refused_and_nothing_is_saved():
    w = build()
    review = at_visit(w)
    review_advance(review=review, actor=w.lead)
    report_agree(review=review, actor=w.lead)
    review_advance(review=review, actor=w.lead)
    with pytest.raises(ValidationError) as error:
        panel_sitting_record(review=review, kind=PanelKind.SERVICE_USER, chair=w.staff_person, actor=w.lead)
    assert error.value.message_dict["chair"] == ["The panel is chaired by a service user or carer"]
    assert not review.panels.exists()
    client = signed_in(w.lead)
    url = reverse("accreditation:su_panel", args=[review.pk])
    today = timezone.localdate()
    date = {"held_on_day": today.day, "held_on_month": today.month, "held_on_year": today.year}
    page = client.post(url, {"chair": w.staff_person.pk, **date}).content.decode()
    assert "The panel is chaired by a service user or carer" in page
    assert "nhsuk-error-summary" in page
    assert not review.panels.exists()
    response = client.post(url, {"chair": w.ben.pk, "members": [w.amara.pk], **date})
    assert response.status_code == 302
    sitting = review.panels.get()
    assert sitting.chair == w.ben
    # Both are paid for the panel like any other involvement, and both are told through the outbox.
    assert InvolvementRecord.objects.filter(source_id=str(sitting.pk)).count() == 2
    assert Message.objects.filter(template="accreditation.panel").count() == 2


def test_a_visit_date_and_a_decision_are_told_through_the_outbox():
    w = build()
    review = at_visit(w)
    review_visit_plan(review=review, visit_date=timezone.localdate(), actor=w.lead)
    assert Message.objects.filter(template="accreditation.visit_planned").count() == 2
    rate_all(w, review, ["met"] * 6)
    to_final_panel(w, review)
    decision_make(review=review, chair=w.ben, actor=w.lead)
    assert set(Message.objects.filter(template="accreditation.decision").values_list("person", flat=True)) == {
        w.amara.pk,
        w.ben.pk,
    }


def test_simulator_snapshot_and_decision_give_the_same_award_and_a_later_rule_change_leaves_it():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met", "met", "met", "met", "not_met", "met"])
    to_final_panel(w, review)
    simulated = next(row["award"] for row in simulate(review) if row["rule"].pk == w.rule.pk)
    decision = decision_make(review=review, chair=w.amara, actor=w.lead)
    assert Award(decision.award).label == simulated == "Bronze"
    assert award_for(decision.rule_snapshot, decision.figures) == decision.award
    stricter = {"gold": {"1": 100, "2": 95, "3": 95}, "silver": {"1": 100, "2": 90, "3": 90}}
    scoring_rule_update(rule=w.rule, parameters={**stricter, "bronze": {"1": 100, "2": 85, "3": 85}}, actor=w.lead)
    assert next(row["award"] for row in simulate(review) if row["rule"].pk == w.rule.pk) == "Not yet accredited"
    decision.refresh_from_db()
    assert decision.award == Award.BRONZE
    assert award_for(decision.rule_snapshot, decision.figures) == Award.BRONZE


def test_every_standard_not_met_becomes_an_action_and_an_action_becomes_a_qi_project():
    w = build()
    decision = decided(w, defer=True, conditions="Care plans shared", evidence_due=datetime.date(2027, 1, 1))
    review = decision.review
    actions = list(Action.objects.filter(review=review).order_by("standard__code"))
    assert [action.standard.code for action in actions] == ["1.4", "1.5"]  # not met and partly met
    action = actions[0]
    with pytest.raises(ValidationError) as error:
        action_update(action=action, owner="", due_on=None, status="done", evidence="", actor=w.lead)
    assert set(error.value.message_dict) == {"evidence", "owner"}
    action.refresh_from_db()
    assert action.status == "open"
    # The lead has no record in the register, so cannot lead a project: refused, and nothing half-made.
    with pytest.raises(ValidationError, match="record in the register"):
        action_to_project(action=action, actor=w.lead)
    assert not Project.objects.exists()
    action.refresh_from_db()
    assert action.project is None
    PersonFactory(organisation=w.organisation, kind=PersonKind.STAFF, user=w.lead)
    client = signed_in(w.lead)
    response = client.post(reverse("accreditation:action_project", args=[review.pk, action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    project = action.project
    assert list(project.units.all()) == [w.ward]
    assert "1.4" in project.title
    assert "Willow Ward" in project.title
    assert action.status == "in_progress"
    assert action.history.count() == 2
    with pytest.raises(ValidationError, match="already a QI project"):
        action_to_project(action=action, actor=w.lead)
    page = client.get(reverse("accreditation:review", args=[review.pk])).content.decode()
    assert reverse("improvement:detail", args=[project.pk]) in page
    assert "The project has no measures yet" in page


def test_the_action_page_saves_and_refuses_done_without_evidence():
    w = build()
    action = Action.objects.filter(review=decided(w).review).first()
    client = signed_in(w.lead)
    url = reverse("accreditation:action", args=[action.review_id, action.pk])
    page = client.post(url, {"owner": "Ward manager", "status": "done"}).content.decode()
    assert "Say what shows the standard is now met" in page
    action.refresh_from_db()
    assert (action.owner, action.status) == ("", "open")
    response = client.post(url, {"owner": "Ward manager", "status": "in_progress", "evidence": ""})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Ward manager", "in_progress")


def test_an_appeal_is_heard_by_people_not_on_the_final_panel():
    w = build()
    decision = decided(w, members=[w.ben])
    appeal = appeal_lodge(decision=decision, grounds="The visit missed the evening activities", actor=w.lead)
    with pytest.raises(ValidationError, match="already recorded"):
        appeal_lodge(decision=decision, grounds="Again", actor=w.lead)
    fresh = PersonFactory(organisation=w.organisation, kind=PersonKind.CARER, units=[w.other])
    train(fresh)
    with pytest.raises(ValidationError) as error:
        appeal_hear(
            appeal=appeal,
            chair=fresh,
            members=[w.ben],
            outcome=AppealOutcome.UPHELD,
            new_award=Award.GOLD,
            reasons="Evening activities seen",
            actor=w.lead,
        )
    assert "sat on the final panel" in error.value.message_dict["members"][0]
    with pytest.raises(ValidationError) as error:
        appeal_hear(appeal=appeal, chair=fresh, outcome=AppealOutcome.UPHELD, reasons="x", actor=w.lead)
    assert "new_award" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.WAITING
    before = decision.award
    appeal = appeal_hear(
        appeal=appeal,
        chair=fresh,
        outcome=AppealOutcome.UPHELD,
        new_award=Award.GOLD,
        reasons="Evening activities seen",
        actor=w.lead,
    )
    decision.refresh_from_db()
    assert (appeal.award_before, decision.award) == (before, Award.GOLD)
    assert decision.expires_on is not None
    assert decision.rule_snapshot["version"] == 1
    with pytest.raises(ValidationError, match="already been heard"):
        appeal_hear(appeal=appeal, chair=fresh, outcome=AppealOutcome.DISMISSED, reasons="x", actor=w.lead)


def test_report_pdf_opens_and_names_the_rule_and_its_version():
    w = build()
    decision = decided(w)
    response = signed_in(w.lead).get(reverse("accreditation:report_pdf", args=[decision.review_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for fact in ("CCQI, version 1", "Ratings by theme", "Being listened to", "Action plan", "1.4"):
        assert fact in text
    assert w.ben.full_name not in text  # ratings by theme, never a named assessor's


def test_public_unit_page_shows_award_date_and_expiry_only():
    w = build()
    decision = decided(w, values=["met"] * 6)
    url = reverse("accreditation:unit_public", args=[w.ward.pk])
    page = Client().get(url).content.decode()
    assert "Gold" in page
    assert decision.expires_on.strftime("%-d %B %Y") in page
    assert w.amara.full_name not in page
    assert w.ben.full_name not in page
    assert "does not hold" in Client().get(reverse("accreditation:unit_public", args=[w.other.pk])).content.decode()


def test_programme_shows_overdue_interims_the_tree_and_the_run_chart(django_assert_max_num_queries):
    w = build()
    decided(w, values=["met"] * 6, decided_on=timezone.localdate() - datetime.timedelta(days=600))
    client = signed_in(w.lead)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("accreditation:programme")).content.decode()
    assert "Willow Ward (Gold): interim review was due" in page
    assert "withus-award--gold" in page
    assert "Willow Ward: Gold" in page
    assert "Cedar Ward: no award" in page
    assert "accreditation-chart-spec" in page
    assert "100% now (1 of 1)" in page


def test_report_agreed_page_refuses_a_future_date_and_the_wrong_step():
    w = build()
    review = at_visit(w)
    client = signed_in(w.lead)
    url = reverse("accreditation:report_agreed", args=[review.pk])
    today = timezone.localdate()
    page = client.post(
        url, {"agreed_on_day": today.day, "agreed_on_month": today.month, "agreed_on_year": today.year}
    ).content.decode()
    assert "The report is agreed after the visit" in page
    review_advance(review=review, actor=w.lead)
    future = today + datetime.timedelta(days=3)
    page = client.post(
        url, {"agreed_on_day": future.day, "agreed_on_month": future.month, "agreed_on_year": future.year}
    ).content.decode()
    assert "must be today or in the past" in page
    review.refresh_from_db()
    assert review.report_agreed_on is None
    response = client.post(
        url, {"agreed_on_day": today.day, "agreed_on_month": today.month, "agreed_on_year": today.year}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.report_agreed_on == today


def test_appeal_hearing_page_names_who_sat_on_the_final_panel():
    w = build()
    decision = decided(w, members=[w.ben])
    appeal_lodge(decision=decision, grounds="Missed the evening", actor=w.lead)
    client = signed_in(w.lead)
    today = timezone.localdate()
    page = client.post(
        reverse("accreditation:appeal_hear", args=[decision.review_id]),
        {
            "chair": w.amara.pk,
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            "outcome": "dismissed",
            "reasons": "The decision stands",
        },
    ).content.decode()
    assert f"{escape(w.amara.full_name)} sat on the final panel" in page
    decision.appeal.refresh_from_db()
    assert decision.appeal.outcome == AppealOutcome.WAITING


def test_rule_page_refuses_thresholds_out_of_range_or_order_and_saves_a_new_version():
    from withus.accounts.models import Role
    from withus.accounts.tests.factories import UserFactory

    w = build()
    admin = signed_in(UserFactory(organisation=w.organisation, roles=[(Role.ADMINISTRATOR, None)]))
    assert signed_in(w.lead).get(reverse("accreditation:rule", args=[w.rule.pk])).status_code == 404
    url = reverse("accreditation:rule", args=[w.rule.pk])
    good = {f"{level}_{t}": v for level, values in CCQI_PRESET.items() for t, v in values.items()}
    page = admin.post(url, {**good, "gold_2": "120", "silver_3": "70"}).content.decode()
    assert "nhsuk-error-summary" in page
    assert "Gold, type 2 must be from 0 to 100" in page
    assert "at least the level below it" in page
    w.rule.refresh_from_db()
    assert w.rule.version == 1
    response = admin.post(url, {**good, "bronze_2": "65"})
    assert response.status_code == 302
    w.rule.refresh_from_db()
    assert (w.rule.version, w.rule.parameters["bronze"]["2"]) == (2, 65)


def test_an_assessor_sees_no_ratings_on_the_review_page_during_the_visit():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["not_met"] * 6)
    page = signed_in(w.amara.user).get(reverse("accreditation:review", args=[review.pk])).content.decode()
    assert "each assessor rates alone, so the ratings are shown here after the visit" in page
    assert "Not met" not in page
    lead_page = signed_in(w.lead).get(reverse("accreditation:review", args=[review.pk])).content.decode()
    assert "Not met" in lead_page
