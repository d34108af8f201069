"""Test builders for accreditation: a trust with a published edition, a rule, a programme, trained assessors."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.accreditation.models import EvidencedBy
from withus.accreditation.scoring import CCQI_PRESET
from withus.accreditation.services.standards import (
    edition_create,
    edition_publish,
    programme_create,
    scoring_rule_create,
    standard_add,
    standard_set_create,
    theme_add,
)
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.organisations.tests.factories import OrganisationFactory, UnitFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def train(person) -> None:
    course = courses_ensure_defaults(organisation=person.organisation)[CourseCode.ACCREDITATION_ASSESSOR]
    completion_record(
        person=person,
        course=course,
        completed_on=timezone.localdate() - datetime.timedelta(days=10),
        how=CompletionHow.ATTENDED,
        actor=None,
    )


def build(types=(1, 1, 2, 2, 2, 3)) -> SimpleNamespace:
    organisation = OrganisationFactory()
    ward = UnitFactory(organisation=organisation, name="Willow Ward")
    other = UnitFactory(organisation=organisation, name="Cedar Ward")
    lead = UserFactory(organisation=organisation, roles=[(Role.PARTICIPATION_LEAD, None)])
    standard_set = standard_set_create(organisation=organisation, name="Ward standards", actor=lead)
    edition = edition_create(standard_set=standard_set, actor=lead)
    theme = theme_add(edition=edition, number=1, title="Being listened to", actor=lead)
    standards = [
        standard_add(
            theme=theme,
            code=f"1.{i + 1}",
            text=f"I am listened to ({i + 1})",
            type=type_,
            evidenced_by=EvidencedBy.TALKING,
            actor=lead,
        )
        for i, type_ in enumerate(types)
    ]
    edition = edition_publish(edition=edition, effective_from=datetime.date(2026, 1, 1), actor=lead)
    rule = scoring_rule_create(
        organisation=organisation, name="CCQI", kind="thresholds", parameters=CCQI_PRESET, actor=lead, publish=True
    )
    programme = programme_create(organisation=organisation, name="Wards", edition=edition, rule=rule, actor=lead)

    def person(kind, unit, user=None, trained=True):
        someone = PersonFactory(organisation=organisation, kind=kind, units=[unit], user=user)
        if trained:
            train(someone)
        return someone

    amara_user = UserFactory(organisation=organisation, roles=[(Role.PARTICIPANT, None)])
    return SimpleNamespace(
        organisation=organisation,
        ward=ward,
        other=other,
        lead=lead,
        edition=edition,
        theme=theme,
        standards=standards,
        rule=rule,
        programme=programme,
        amara=person(PersonKind.SERVICE_USER, other, user=amara_user),
        ben=person(PersonKind.CARER, other),
        insider=person(PersonKind.SERVICE_USER, ward),
        untrained=person(PersonKind.SERVICE_USER, other, trained=False),
        staff_person=person(PersonKind.STAFF, other),
    )


def to_final_panel(w, review, chair=None):
    """From the visit to the final panel: the report drafted and agreed, and the service-user panel recorded."""
    from withus.accreditation.models import PanelKind
    from withus.accreditation.services.panels import panel_sitting_record, report_agree
    from withus.accreditation.services.reviews import review_advance

    review_advance(review=review, actor=w.lead)  # report drafted
    report_agree(review=review, actor=w.lead)
    review_advance(review=review, actor=w.lead)  # service-user panel
    panel_sitting_record(review=review, kind=PanelKind.SERVICE_USER, chair=chair or w.amara, actor=w.lead)
    return review_advance(review=review, actor=w.lead)  # final panel
