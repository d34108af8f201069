"""Acting for someone in the demo (issue 26 item 5): Priya Shah (lead@) said Chen Li was interested in an open
opportunity while Chen was on the phone, and answered this month's experience survey with the answers Chen gave
her, so Chen's pages and the audit log show "Done by Priya Shah for Chen Li, who agreed on the phone". Idempotent:
each only when Chen has nothing of the kind recorded for them yet."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.core.dates import month_start
from withus.opportunities.models import ExpressionOfInterest, Opportunity
from withus.opportunities.services.interest import interest_express
from withus.organisations.models import Organisation
from withus.people.models import OnBehalfAction, Person
from withus.support.models import ExperienceAnswer
from withus.support.services import experience_answer_for


def build_assisted(*, trust: Organisation, users: dict) -> None:
    lead = users.get("lead")
    chen = Person.objects.for_organisation(trust.pk).filter(full_name="Chen Li").first()
    if lead is None or chen is None:
        return
    if OnBehalfAction.objects.filter(person=chen, actor=lead, what__startswith="Said").exists():
        return
    taken = ExpressionOfInterest.objects.filter(person=chen).values("opportunity_id")
    # The one closing last: Chen's list starts with those closing soonest, which other walk-throughs use.
    candidates = Opportunity.objects.eligible_for(chen).open_for_interest().exclude(pk__in=taken)
    for opportunity in candidates.order_by("-closes_on"):
        try:
            interest_express(
                opportunity=opportunity,
                person=chen,
                message="Chen rang and asked me to put their name down.",
                actor=lead,
                person_agreed=True,
                how_agreed="on the phone",
            )
        except ValidationError:
            continue
        return


def build_assisted_survey(*, trust: Organisation, users: dict) -> None:
    """After the support world (whose survey history is built only while the trust has no answers at all)."""
    lead = users.get("lead")
    chen = Person.objects.for_organisation(trust.pk).filter(full_name="Chen Li").first()
    month = month_start(timezone.localdate())
    if lead is None or chen is None or ExperienceAnswer.objects.filter(person=chen, month=month).exists():
        return
    experience_answer_for(
        person=chen,
        month=month,
        answers={"voice": 4, "contribute": 4, "agenda": 3, "change": 3},
        words="Chen said the new meeting times suit them much better.",
        actor=lead,
        person_agreed=True,
        how_agreed="on the phone",
    )
