"""Matrix objects for accreditation's later steps (issue 18, ADR 25): on each side's review, an action, a decision
and an appeal waiting to be heard, made directly (the matrix asks who reaches the pages, not how a review gets
there; the services and their refusals are tested in withus/accreditation/tests)."""

from django.utils import timezone

from withus.accreditation.models import Action, Appeal, Award, Decision, ScoringRule, Standard, StandardSet
from withus.accreditation.services.standards import edition_draft_next


def build_accreditation_steps(world) -> None:
    today = timezone.localdate()
    world.own.rule = ScoringRule.objects.filter(organisation=world.organisation).first()
    for side in (world.own, world.other):
        review = side.review
        standard = Standard.objects.filter(theme__edition_id=review.edition_id).first()
        side.action = Action.objects.create(organisation=world.organisation, review=review, standard=standard)
        decision = Decision.objects.create(
            review=review,
            award=Award.SILVER,
            computed_award=Award.SILVER,
            rule_snapshot={"name": "CCQI", "version": 1},
            figures={},
            chair=world.people.amara,
            decided_on=today,
        )
        Appeal.objects.create(decision=decision, grounds="The visit missed the evening activities", lodged_on=today)
    # Standards (ADR 35): the next edition of the set, drafted as a copy of the published one (trust-wide).
    world.own.standard_set = StandardSet.objects.get(organisation=world.organisation)
    world.own.edition = edition_draft_next(standard_set=world.own.standard_set, actor=world.users.lead)
    world.own.theme = world.own.edition.themes.first()
    world.own.standard = Standard.objects.filter(theme__edition=world.own.edition).first()
