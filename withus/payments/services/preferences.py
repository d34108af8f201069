"""How a person is paid and the earnings limits they keep to, and who may act for them."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.payments.models.preferences import EarningsLimit, LimitPeriod, PaymentMethod, PaymentPreference
from withus.payments.money import to_money
from withus.payments.rules import acts_for
from withus.payments.selectors import current_preference
from withus.payments.services.rates import _runs_finance
from withus.people.models import Person


@transaction.atomic
def preference_set(
    *,
    person: Person,
    method: str,
    actor: User,
    payroll_number: str = "",
    supplier_number: str = "",
    chosen_on: datetime.date | None = None,
    benefits_advice_offered_on: datetime.date | None = None,
    request=None,
) -> PaymentPreference:
    """Record how someone is paid. The person may choose the method; staff also record finance references."""
    is_self = person.user_id is not None and person.user_id == actor.pk
    staff = _runs_finance(actor) or (actor.has_role(Role.PARTICIPATION_LEAD) and acts_for(actor, person))
    if not (is_self or staff) or person.organisation_id != actor.organisation_id:
        raise ValidationError("You cannot change how this person is paid.")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": "Select how you would like to be paid"})
    previous = current_preference(person)
    today = timezone.localdate()
    chosen_on = chosen_on or today
    if chosen_on > today:
        raise ValidationError({"chosen_on": "The date chosen must be today or in the past"})
    if not staff:
        # A person choosing for themselves keeps the references finance recorded; they never type them.
        payroll_number = previous.payroll_number if previous else ""
        supplier_number = previous.supplier_number if previous else ""
        benefits_advice_offered_on = previous.benefits_advice_offered_on if previous else None
    for field, value in (("payroll_number", payroll_number), ("supplier_number", supplier_number)):
        if value and not value.replace("-", "").isalnum():
            raise ValidationError({field: "Enter the reference using letters and numbers only"})
    if benefits_advice_offered_on and benefits_advice_offered_on > today:
        raise ValidationError({"benefits_advice_offered_on": "The date advice was offered must be in the past"})
    preference = PaymentPreference.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        method=method,
        payroll_number=payroll_number.strip().upper(),
        supplier_number=supplier_number.strip().upper(),
        chosen_on=chosen_on,
        benefits_advice_offered_on=benefits_advice_offered_on,
        recorded_by=actor,
    )
    audit_record(
        action=AuditAction.UPDATE,
        request=request,
        actor=actor,
        obj=preference,
        object_label=f"Payment preference of {person.full_name}",
        changed_fields=["method", "payroll_number", "supplier_number", "benefits_advice_offered_on"],
    )
    return preference


@transaction.atomic
def limit_add(
    *, person: Person, benefit: str, period: str, amount, actor: User, request=None, never_over: bool = False
) -> EarningsLimit:
    if not acts_for(actor, person):
        raise ValidationError("You can only set limits for yourself, or for someone you support.")
    amount = to_money(amount, maximum=Decimal("10000.00"))
    if period not in LimitPeriod.values:
        raise ValidationError({"period": "Select a week or a month"})
    benefit = benefit.strip()
    if not benefit:
        raise ValidationError({"benefit": "Enter the benefit this limit is for"})
    if EarningsLimit.objects.active().filter(person=person).count() >= 5:
        raise ValidationError("You can have up to 5 limits. Remove one first")
    limit = EarningsLimit.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        benefit=benefit[:150],
        period=period,
        amount=amount,
        never_over=bool(never_over),
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=limit,
        changed_fields=["benefit", "amount", "never_over"],
    )
    return limit


@transaction.atomic
def limit_remove(*, limit: EarningsLimit, actor: User, request=None) -> EarningsLimit:
    limit = EarningsLimit.objects.select_for_update().select_related("person").get(pk=limit.pk)
    if not acts_for(actor, limit.person):
        raise ValidationError("You can only remove your own limits.")
    if limit.removed_at is None:
        limit.removed_at = timezone.now()
        limit.save(update_fields=["removed_at", "updated_at"])
        audit_record(action=AuditAction.UPDATE, request=request, actor=actor, obj=limit, changed_fields=["removed"])
    return limit
