"""Recording expenses the trust paid in advance, and taking them into account when the person claims expenses, so
nothing is paid back twice (issue 16 item 5)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.payments.models.advances import Advance, AdvanceHow
from withus.payments.models.claims import ExpenseCategory
from withus.payments.money import pounds, to_money
from withus.payments.rules import acts_for
from withus.people.models import Person


@transaction.atomic
def advance_record(
    *,
    person: Person,
    date: datetime.date,
    occasion: str,
    category: str,
    how: str,
    description: str,
    amount,
    actor: User,
    request=None,
) -> Advance:
    if not acts_for(actor, person) or actor.pk == person.user_id:
        raise ValidationError("You can record advances only for people you support, and never for yourself.")
    if category not in ExpenseCategory.values:
        raise ValidationError({"category": "Select what the advance was for"})
    if how not in AdvanceHow.values:
        raise ValidationError({"how": "Select whether the trust bought it or gave cash"})
    today = timezone.localdate()
    if date < today - datetime.timedelta(days=365) or date > today + datetime.timedelta(days=365):
        raise ValidationError({"date": "Enter the date of the occasion, within a year of today"})
    occasion, description = occasion.strip(), description.strip()
    if not occasion:
        raise ValidationError({"occasion": "Enter the occasion, like Accreditation visit to Cedar Ward"})
    if not description:
        raise ValidationError({"description": "Enter what was paid for, like Return train ticket"})
    advance = Advance.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        date=date,
        occasion=occasion[:200],
        category=category,
        how=how,
        description=description[:200],
        amount=to_money(amount),
        recorded_by=actor,
    )
    audit_record(action=AuditAction.CREATE, request=request, actor=actor, obj=advance, changed_fields=["amount", "how"])
    return advance


@dataclass(frozen=True)
class Offset:
    """What to pay back for an expense once advances for the same day and kind of cost are taken off."""

    amount: Decimal
    description: str
    cash: list[Advance]


def expense_after_advances(
    *, person: Person, date: datetime.date, category: str, amount: Decimal, description: str
) -> Offset:
    """Refuses an expense the trust already paid for; takes unsettled cash advances off what is left. The cash
    advances returned are to be marked settled by the new line. Call inside the claim's transaction."""
    advances = list(
        Advance.objects.for_person(person).filter(date=date, category=category).select_for_update(of=("self",))
    )
    bought = [advance for advance in advances if advance.how == AdvanceHow.BOUGHT_BY_TRUST]
    if bought:
        what = "; ".join(f"{advance.description}, {pounds(advance.amount)}" for advance in bought)
        raise ValidationError(
            {
                "category": f"The trust already paid for this on {date:%-d %B %Y} ({what}), so it cannot be paid back. "
                "If you paid for something else that day, choose Other and say what it was"
            }
        )
    unsettled = set(Advance.objects.for_person(person).unsettled().values_list("pk", flat=True))
    cash = [advance for advance in advances if advance.how == AdvanceHow.CASH and advance.pk in unsettled]
    given = sum((advance.amount for advance in cash), Decimal("0.00"))
    if not cash:
        return Offset(amount, description, [])
    if amount <= given:
        raise ValidationError(
            {
                "amount": f"You were given {pounds(given)} in cash in advance for this on {date:%-d %B %Y}, which "
                "covers it, so there is nothing to pay back"
            }
        )
    note = f" ({pounds(amount)} spent, less {pounds(given)} given in advance)"
    return Offset(amount - given, (description[: 200 - len(note)] + note), cash)


def advances_settle(*, cash: list[Advance], line) -> None:
    for advance in cash:
        advance.settled_line = line
        advance.save(update_fields=["settled_line", "updated_at"])
