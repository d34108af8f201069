import datetime

import pytest
from django.core.exceptions import ValidationError

from withus.accreditation.models import Award, RatingSource, ReviewStatus
from withus.accreditation.scoring import CCQI_PRESET
from withus.accreditation.selectors import simulate
from withus.accreditation.services.reviews import (
    decision_make,
    rating_record,
    review_advance,
    review_register,
    team_member_add,
)
from withus.accreditation.services.standards import scoring_rule_update, standard_add, standard_update, theme_add
from withus.accreditation.tests.builders import build, to_final_panel
from withus.core.models import AuditEntry
from withus.involvement.models import InvolvementRecord

pytestmark = pytest.mark.django_db


def at_visit(w):
    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    team_member_add(review=review, person=w.amara, is_lead=True, actor=w.lead)
    team_member_add(review=review, person=w.ben, actor=w.lead)
    review_advance(review=review, actor=w.lead)  # self-review
    review_advance(review=review, actor=w.lead)  # visit
    review.refresh_from_db()
    return review


def rate_all(w, review, values):
    for standard, value in zip(w.standards, values, strict=True):
        for assessor in (w.amara, w.ben):
            rating_record(
                review=review, standard=standard, source="assessor", value=value, assessor=assessor, actor=w.lead
            )


def test_published_edition_never_changes():
    w = build()
    with pytest.raises(ValidationError, match="published"):
        standard_update(standard=w.standards[0], text="Changed", actor=w.lead)
    with pytest.raises(ValidationError, match="published"):
        theme_add(edition=w.edition, number=2, title="New", actor=w.lead)
    with pytest.raises(ValidationError, match="published"):
        standard_add(theme=w.theme, code="9.9", text="New", type=1, evidenced_by="observation", actor=w.lead)
    w.standards[0].refresh_from_db()
    assert w.standards[0].text == "I am listened to (1)"


@pytest.mark.parametrize(
    ("parameters", "key"),
    [
        ({**CCQI_PRESET, "gold": {"1": 100, "2": 120, "3": 60}}, "gold.2"),
        ({**CCQI_PRESET, "gold": {"1": 100, "2": 80, "3": -1}}, "gold.3"),
        ({**CCQI_PRESET, "silver": {"1": 100, "2": 90, "3": 50}}, "gold.2"),  # gold below silver
        ({**CCQI_PRESET, "bronze": {"1": "lots", "2": 60, "3": 40}}, "bronze.1"),
    ],
)
def test_thresholds_outside_0_to_100_or_out_of_order_are_refused(parameters, key):
    w = build()
    with pytest.raises(ValidationError) as error:
        scoring_rule_update(rule=w.rule, parameters=parameters, actor=w.lead)
    assert key in error.value.message_dict
    w.rule.refresh_from_db()
    assert w.rule.version == 1
    assert w.rule.parameters == CCQI_PRESET


def test_untrained_and_own_unit_assessors_are_refused():
    w = build()
    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    with pytest.raises(ValidationError, match="does not hold in-date accreditation assessor training"):
        team_member_add(review=review, person=w.untrained, actor=w.lead)
    with pytest.raises(ValidationError, match="Nobody assesses their own unit"):
        team_member_add(review=review, person=w.insider, actor=w.lead)
    assert review.team.count() == 0


def test_visit_needs_a_service_user_lead_and_assessor_rates_only_on_the_team():
    w = build()
    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    team_member_add(review=review, person=w.ben, actor=w.lead)
    team_member_add(review=review, person=w.staff_person, actor=w.lead)
    review_advance(review=review, actor=w.lead)
    with pytest.raises(ValidationError, match="service user as its lead"):
        review_advance(review=review, actor=w.lead)
    team_member_add(review=review, person=w.amara, is_lead=True, actor=w.lead)
    review_advance(review=review, actor=w.lead)
    with pytest.raises(ValidationError, match="Only assessors on this review"):
        rating_record(
            review=review, standard=w.standards[0], source="assessor", value="met", assessor=w.insider, actor=w.lead
        )


def test_rating_twice_keeps_one_row_and_self_ratings_wait_for_self_review():
    w = build()
    review = at_visit(w)
    for value in ("met", "not_met"):
        rating_record(
            review=review, standard=w.standards[0], source="assessor", value=value, assessor=w.amara, actor=w.lead
        )
    assert review.ratings.filter(standard=w.standards[0]).get().value == "not_met"
    with pytest.raises(ValidationError, match="not taken while the review is at visit"):
        rating_record(review=review, standard=w.standards[0], source=RatingSource.SELF, value="met", actor=w.lead)


def test_decision_keeps_its_snapshot_when_the_rule_changes_afterwards():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met", "met", "met", "met", "not_met", "met"])  # type 2: 2 of 3 = 66.7 %
    to_final_panel(w, review)
    assert InvolvementRecord.objects.filter(source_id=str(review.pk)).count() == 2
    assert [row["award"] for row in simulate(review)] == ["Bronze"]
    # The rule changes while the panel is open: the decision uses the rule as the panel found it.
    scoring_rule_update(
        rule=w.rule,
        parameters={**CCQI_PRESET, "silver": {"1": 100, "2": 75, "3": 50}, "bronze": {"1": 100, "2": 70, "3": 40}},
        actor=w.lead,
    )
    assert [row["award"] for row in simulate(review)] == ["Not yet accredited"]
    decision = decision_make(review=review, chair=w.amara, actor=w.lead, decided_on=datetime.date(2026, 3, 1))
    assert decision.award == Award.BRONZE
    assert decision.rule_snapshot["version"] == 1
    assert decision.figures["2"]["percent_met"] == 66.7
    assert decision.expires_on == datetime.date(2029, 3, 1)
    assert decision.interim_due == datetime.date(2027, 9, 1)
    # And after the decision: another change leaves the award as it was.
    scoring_rule_update(rule=w.rule, parameters={**CCQI_PRESET}, actor=w.lead)
    decision.refresh_from_db()
    assert decision.award == Award.BRONZE
    assert decision.rule_snapshot["version"] == 1
    review.refresh_from_db()
    assert review.status == ReviewStatus.DECIDED
    assert list(review.history.values_list("to_status", flat=True)) == [
        "registered",
        "self_review",
        "visit",
        "report",
        "su_panel",
        "panel",
        "decided",
    ]
    with pytest.raises(ValidationError, match="has been decided"):
        rating_record(review=review, standard=w.standards[0], source="consensus", value="met", notes="x", actor=w.lead)
    assert AuditEntry.objects.filter(object_type="decision", object_id=str(decision.pk)).exists()


def test_panel_chair_must_be_a_service_user_or_carer_and_ratings_must_agree():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met"] * 6)
    rating_record(
        review=review, standard=w.standards[0], source="assessor", value="not_met", assessor=w.ben, actor=w.lead
    )
    to_final_panel(w, review)
    with pytest.raises(ValidationError) as error:
        decision_make(review=review, chair=w.staff_person, actor=w.lead)
    assert "chair" in error.value.message_dict
    assert "1 standards have no agreed rating" in str(error.value)
    rating_record(
        review=review, standard=w.standards[0], source="consensus", value="met", notes="Seen on the ward", actor=w.lead
    )
    decision = decision_make(review=review, chair=w.ben, actor=w.lead)
    assert decision.award == Award.GOLD


def test_essentials_then_points_rule():
    from withus.accreditation.scoring import award_for, figures_for, parameters_check

    rule = {
        "kind": "essentials_points",
        "parameters": {"points": {"2": 2, "3": 1}, "bronze": 50, "silver": 70, "gold": 85},
    }
    assert parameters_check(rule["kind"], rule["parameters"]) == {}
    figures = figures_for([(1, "met"), (2, "met"), (2, "met"), (3, "not_met"), (3, "na")])
    assert award_for(rule, figures) == "silver"  # 4 of 5 points = 80 %
    assert award_for(rule, figures_for([(1, "partly"), (2, "met")])) == "none"  # an essential not met
    assert parameters_check(rule["kind"], {**rule["parameters"], "silver": 90})["gold"].startswith("Gold points")


def test_subject_access_lists_visits_and_ratings_given():
    from withus.people.registry import access_sections

    w = build()
    review = at_visit(w)
    rating_record(
        review=review, standard=w.standards[0], source="assessor", value="met", assessor=w.amara, actor=w.lead
    )
    sections = {section.title: section for section in access_sections(w.amara)}
    assert sections["Accreditation visits"].rows[0]["Role"] == "Lead assessor"
    assert sections["Accreditation ratings you gave"].rows == [
        {"Ward, team or service": "Willow Ward", "Standard": "1.1", "Rating": "Met", "Notes": ""}
    ]
