"""Scoring as equals: alone first, every member the same weight, a 0 on an essential criterion rules out."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.governance.models import PanelStatus, Score, ScoreSheet
from withus.governance.scoring import combine
from withus.governance.services.panels import candidate_add, criterion_add, member_add
from withus.governance.services.scores import decision_record, score_sheet_change, score_sheet_submit
from withus.governance.tests.conftest import submit


def _criteria(*essential):
    return [
        SimpleNamespace(pk=index, text=f"Criterion {index}", essential=flag) for index, flag in enumerate(essential)
    ]


def test_the_combined_score_is_the_mean_of_member_totals():
    criteria = _criteria(True, False)
    result = combine(candidate_id=1, criteria=criteria, sheets=[{0: 3, 1: 3}, {0: 1, 1: 1}, {0: 2, 1: 1}], score_max=3)
    assert result.member_totals == [6, 2, 3]
    assert result.combined == Decimal("3.67")
    assert result.out_of == 6
    assert result.appointable


def test_every_member_counts_the_same_whoever_they_are():
    criteria = _criteria(True, True)
    staff_high = combine(candidate_id=1, criteria=criteria, sheets=[{0: 3, 1: 3}, {0: 1, 1: 1}], score_max=3)
    service_user_high = combine(candidate_id=1, criteria=criteria, sheets=[{0: 1, 1: 1}, {0: 3, 1: 3}], score_max=3)
    assert staff_high.combined == service_user_high.combined == Decimal(4)


def test_a_zero_on_an_essential_criterion_from_anyone_means_not_appointable():
    criteria = _criteria(True, False)
    high_but_zero = combine(candidate_id=1, criteria=criteria, sheets=[{0: 3, 1: 3}, {0: 0, 1: 3}], score_max=3)
    assert not high_but_zero.appointable
    assert high_but_zero.essential_zeros == ["Criterion 0"]
    zero_on_desirable = combine(candidate_id=1, criteria=criteria, sheets=[{0: 1, 1: 0}], score_max=3)
    assert zero_on_desirable.appointable


def test_amara_scores_alone_then_sees_the_equal_weight_result(panel, amara):
    submit(panel, panel.members.staff, panel.first, 3, 3)
    submit(panel, panel.members.lead, panel.first, 2, 2)
    result_url = reverse("governance:result", args=[panel.vacancy.pk, panel.first.pk])
    # Before she has scored, she is sent to score and never sees the others' totals.
    response = amara.client.get(result_url)
    assert response.status_code == 302
    assert response.url == reverse("governance:score", args=[panel.vacancy.pk, panel.first.pk])
    page = amara.client.get(response.url).content.decode()
    assert "Score candidate WW-001 (AB)" in page
    assert "6 out of 6" not in page
    assert "Combined score" not in page
    assert 'type="radio"' in page
    assert "nhsuk-fieldset__legend--m" in page
    response = amara.client.post(
        response.url, {f"criterion_{panel.essential.pk}": "1", f"criterion_{panel.desirable.pk}": "0"}
    )
    assert response.status_code == 302
    assert response.url == result_url
    page = amara.client.get(result_url).content.decode()
    assert "Combined score: <strong>3.67 out of 6</strong>" in page
    assert "Amara Bello (you)" in page
    assert "Score the next candidate: WW-002" in page
    sheet = ScoreSheet.objects.get(member=panel.members.amara, candidate=panel.first)
    assert dict(sheet.scores.values_list("criterion_id", "value")) == {panel.essential.pk: 1, panel.desirable.pk: 0}
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(sheet.pk)).exists()


def test_seeing_others_scores_before_submitting_is_refused(panel, staff):
    submit(panel, panel.members.lead, panel.first, 2, 2)
    # The chair has not scored yet: the result page sends them to score.
    response = staff.client.get(reverse("governance:result", args=[panel.vacancy.pk, panel.first.pk]))
    assert response.status_code == 302
    assert "score" in response.url


@pytest.mark.parametrize("value", ["4", "-1", "two", "", "99999999999999999999"])
def test_scores_outside_the_scale_are_refused(panel, amara, value):
    url = reverse("governance:score", args=[panel.vacancy.pk, panel.first.pk])
    response = amara.client.post(
        url, {f"criterion_{panel.essential.pk}": value, f"criterion_{panel.desirable.pk}": "2"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Choose a score" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_the_service_refuses_out_of_scale_and_incomplete_sheets(panel, amara):
    member = panel.members.amara
    for scores in ({panel.essential.pk: 4, panel.desirable.pk: 1}, {panel.essential.pk: 1}, {}):
        with pytest.raises(ValidationError):
            score_sheet_submit(
                vacancy=panel.vacancy, member=member, candidate=panel.first, scores=scores, actor=amara.user
            )
    assert not ScoreSheet.objects.exists()
    assert not Score.objects.exists()


def test_nobody_can_score_for_someone_else(panel, staff):
    with pytest.raises(ValidationError, match="Only the panel member"):
        score_sheet_submit(
            vacancy=panel.vacancy,
            member=panel.members.amara,
            candidate=panel.first,
            scores={panel.essential.pk: 3, panel.desirable.pk: 3},
            actor=staff.user,
        )


def test_submitting_the_same_sheet_twice_keeps_one(panel, amara):
    submit(panel, panel.members.amara, panel.first, 2, 2)
    with pytest.raises(ValidationError, match="already sent your scores"):
        submit(panel, panel.members.amara, panel.first, 3, 3)
    assert ScoreSheet.objects.count() == 1
    assert set(Score.objects.values_list("value", flat=True)) == {2}


def test_the_database_refuses_a_duplicate_sheet(panel):
    sheet = submit(panel, panel.members.amara, panel.first, 2, 2)
    with pytest.raises(IntegrityError):
        ScoreSheet.objects.create(
            organisation_id=sheet.organisation_id,
            vacancy=panel.vacancy,
            member=panel.members.amara,
            candidate=panel.first,
            submitted_at=sheet.submitted_at,
        )


def test_a_member_changes_their_own_score_before_the_decision_and_it_is_audited(panel, amara):
    sheet = submit(panel, panel.members.amara, panel.first, 1, 1)
    url = reverse("governance:score", args=[panel.vacancy.pk, panel.first.pk])
    page = amara.client.get(url + "?change=1").content.decode()
    assert "Change your scores for candidate WW-001" in page
    response = amara.client.post(url, {f"criterion_{panel.essential.pk}": "3", f"criterion_{panel.desirable.pk}": "1"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.changed_at is not None
    assert Score.objects.get(sheet=sheet, criterion=panel.essential).value == 3
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(sheet.pk))
    assert entry.changed_fields == [f"criterion {panel.essential.position}"]
    assert entry.actor == amara.user


def test_only_the_member_can_change_their_sheet(panel, staff):
    sheet = submit(panel, panel.members.amara, panel.first, 1, 1)
    with pytest.raises(ValidationError, match="Only the panel member"):
        score_sheet_change(sheet=sheet, scores={panel.essential.pk: 3, panel.desirable.pk: 3}, actor=staff.user)
    assert set(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == {1}


def _score_everyone(panel):
    for member in (panel.members.staff, panel.members.lead, panel.members.amara):
        submit(panel, member, panel.first, 3, 2)
        submit(panel, member, panel.second, 2, 1)


def test_no_scoring_or_changes_after_the_decision(panel, amara, staff):
    _score_everyone(panel)
    decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="Strongest", actor=staff.user)
    sheet = ScoreSheet.objects.get(member=panel.members.amara, candidate=panel.first)
    with pytest.raises(ValidationError, match="recorded its decision"):
        score_sheet_change(sheet=sheet, scores={panel.essential.pk: 0, panel.desirable.pk: 0}, actor=amara.user)
    url = reverse("governance:score", args=[panel.vacancy.pk, panel.first.pk])
    response = amara.client.post(url, {f"criterion_{panel.essential.pk}": "0", f"criterion_{panel.desirable.pk}": "0"})
    assert response.status_code == 302
    assert set(Score.objects.filter(sheet=sheet).values_list("value", flat=True)) == {3, 2}


def test_scoring_waits_until_the_criteria_are_agreed(vacancy, staff, amara):
    member = member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    criterion = criterion_add(vacancy=vacancy, text="Values", essential=True, actor=staff.user)
    candidate = candidate_add(vacancy=vacancy, reference="X1", initials="XY", actor=staff.user)
    with pytest.raises(ValidationError, match="not agreed its criteria"):
        score_sheet_submit(
            vacancy=vacancy, member=member, candidate=candidate, scores={criterion.pk: 1}, actor=amara.user
        )


def test_the_decision_waits_for_every_sheet_and_keeps_the_result(panel, staff, lead):
    submit(panel, panel.members.amara, panel.first, 3, 3)
    with pytest.raises(ValidationError, match="5 score sheets are still to come"):
        decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="Best", actor=staff.user)
    for member in (panel.members.staff, panel.members.lead):
        submit(panel, member, panel.first, 3, 3)
    for member in (panel.members.staff, panel.members.lead, panel.members.amara):
        submit(panel, member, panel.second, 2 if member is not panel.members.amara else 0, 3)
    with pytest.raises(ValidationError, match="Only the panel's chair or the recruiting manager"):
        decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="Best", actor=lead.user)
    with pytest.raises(ValidationError) as error:
        decision_record(vacancy=panel.vacancy, appointed=panel.second, reasons="Best", actor=staff.user)
    assert "cannot be appointed" in str(error.value)
    with pytest.raises(ValidationError):
        decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="  ", actor=staff.user)
    response = staff.client.post(
        reverse("governance:decision", args=[panel.vacancy.pk]),
        {"appointed": str(panel.first.pk), "reasons": "Strongest evidence on every essential criterion."},
    )
    assert response.status_code == 302
    panel.vacancy.refresh_from_db()
    assert panel.vacancy.status == PanelStatus.DECIDED
    assert panel.vacancy.decision.appointed == panel.first
    panel.second.refresh_from_db()
    assert panel.second.appointable is False
    assert panel.second.combined_score == Decimal("4.33")
    assert list(panel.vacancy.status_changes.values_list("to_status", flat=True)) == [
        PanelStatus.SETTING_UP,
        PanelStatus.SCORING,
        PanelStatus.DECIDED,
    ]


def test_the_decision_form_refuses_a_tampered_candidate(panel, staff):
    _score_everyone(panel)
    response = staff.client.post(
        reverse("governance:decision", args=[panel.vacancy.pk]),
        {"appointed": "00000000-0000-0000-0000-000000000000", "reasons": "x"},
    )
    assert response.status_code == 200
    assert "Select one of the options" in response.content.decode()
    panel.vacancy.refresh_from_db()
    assert panel.vacancy.status == PanelStatus.SCORING


def test_the_chair_is_offered_the_decision_once_every_sheet_is_in(panel, staff):
    url = reverse("governance:vacancy", args=[panel.vacancy.pk])
    submit(panel, panel.members.staff, panel.first, 3, 2)
    page = staff.client.get(url).content.decode()
    assert "5 score sheets still to come" in page
    decision_url = reverse("governance:decision", args=[panel.vacancy.pk])
    assert decision_url not in page
    _score_everyone_else(panel)
    page = staff.client.get(url).content.decode()
    assert "still to come" not in page
    assert f'href="{decision_url}"' in page


def _score_everyone_else(panel):
    submit(panel, panel.members.staff, panel.second, 1, 1)
    for member in (panel.members.lead, panel.members.amara):
        submit(panel, member, panel.first, 3, 2)
        submit(panel, member, panel.second, 2, 1)
