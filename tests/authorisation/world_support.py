"""Support objects for the authorisation matrix (issue 21): on each side an involvement agreement waiting for the
person, a support plan with an adjustment and a debrief offered after a difficult panel."""

from django.utils import timezone

from withus.support.services import agreement_create, buddy_add, debrief_offer, plan_save


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
    # A buddy pair on each side, named by the person buddied (the other side's person is the buddy).
    for side, buddy in ((world.own, world.other.person), (world.other, world.own.person)):
        side.buddy_pair = buddy_add(
            person=side.person,
            buddy=buddy,
            starts_on=timezone.localdate(),
            ends_on=None,
            check_in_every="fortnight",
            actor=lead,
        )
