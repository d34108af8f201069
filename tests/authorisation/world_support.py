"""Support objects for the authorisation matrix (issue 21): on each side an involvement agreement waiting for the
person, a support plan with an adjustment and a debrief offered after a difficult panel."""

from django.utils import timezone

from withus.support.services import agreement_create, debrief_offer, plan_save


def build_support(world) -> None:
    lead = world.users.lead
    for side in (world.own, world.other):
        person = side.person
        side.agreement = agreement_create(
            person=person, role="Recruitment panel member", details={"time_commitment": "A day a month"}, actor=lead
        )
        plan_save(person=person, values={"what_helps": "Breaks", "adjustments": ["pre_meeting"]}, actor=person.user)
        side.debrief = debrief_offer(
            person=person,
            occasion_key=f"matrix-panel:{person.pk}",
            occasion_label="an interview panel",
            occasion_on=timezone.localdate(),
        )
