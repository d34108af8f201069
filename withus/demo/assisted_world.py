"""Acting for someone in the demo (issue 26 item 5): Priya Shah (lead@) said Chen Li was interested in an open
opportunity while Chen was on the phone, so Chen's pages and the audit log show "Done by Priya Shah for Chen Li,
who agreed on the phone". Idempotent: only when Chen has no interest recorded for them yet."""

from django.core.exceptions import ValidationError

from withus.opportunities.models import ExpressionOfInterest, Opportunity
from withus.opportunities.services.interest import interest_express
from withus.organisations.models import Organisation
from withus.people.models import OnBehalfAction, Person


def build_assisted(*, trust: Organisation, users: dict) -> None:
    lead = users.get("lead")
    chen = Person.objects.for_organisation(trust.pk).filter(full_name="Chen Li").first()
    if lead is None or chen is None or OnBehalfAction.objects.filter(person=chen, actor=lead).exists():
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
