"""Payments settings, the rate card and the benefit reference amounts: finance's writes."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from withus.accounts.models import Role, User
from withus.core.audit import audit_record
from withus.core.models import AuditAction
from withus.payments.models.preferences import BenefitReference, LimitPeriod
from withus.payments.models.rates import MAX_RATE_AMOUNT, PaymentSettings, Rate, RateUnit
from withus.payments.money import to_money


def settings_for(organisation_id) -> PaymentSettings:
    found = PaymentSettings.objects.filter(organisation_id=organisation_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PaymentSettings.objects.create(organisation_id=organisation_id)
    except IntegrityError:
        return PaymentSettings.objects.get(organisation_id=organisation_id)


@transaction.atomic
def settings_update(*, organisation, lateness_target_days: int, actor: User, request=None) -> PaymentSettings:
    row = settings_for(organisation.pk)
    row = PaymentSettings.objects.select_for_update().get(pk=row.pk)
    if isinstance(lateness_target_days, bool) or not isinstance(lateness_target_days, int):
        raise ValidationError({"lateness_target_days": "Enter a whole number of days, like 30"})
    if not 1 <= lateness_target_days <= 365:
        raise ValidationError({"lateness_target_days": "Enter a number of days between 1 and 365"})
    row.lateness_target_days = lateness_target_days
    row.save(update_fields=["lateness_target_days", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE, request=request, actor=actor, obj=row, changed_fields=["lateness_target_days"]
    )
    return row


def _runs_finance(user: User) -> bool:
    return user.has_role(Role.FINANCE_APPROVER, Role.ADMINISTRATOR)


@transaction.atomic
def rate_add(
    *,
    organisation,
    activity_code: str,
    name: str,
    unit: str,
    amount,
    effective_from: datetime.date,
    note: str = "",
    actor: User,
    request=None,
) -> Rate:
    """A new rate for an activity code from a date. Earlier rates stay, so claims keep the rate of their day."""
    if not _runs_finance(actor):
        raise ValidationError("Only finance or an administrator can change the rate card.")
    amount = to_money(amount, maximum=MAX_RATE_AMOUNT)
    activity_code = activity_code.strip().upper()
    if not activity_code:
        raise ValidationError({"activity_code": "Choose the activity code"})
    if unit not in RateUnit.values:
        raise ValidationError({"unit": "Select what the rate is for"})
    if Rate.objects.filter(
        organisation=organisation, activity_code=activity_code, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {"effective_from": "There is already a rate for this code from that date. Choose another date"}
        )
    rate = Rate(
        organisation=organisation,
        activity_code=activity_code,
        name=name.strip(),
        unit=unit,
        amount=amount,
        effective_from=effective_from,
        note=note.strip(),
        created_by=actor,
    )
    rate.full_clean()
    rate.save()
    audit_record(
        action=AuditAction.CREATE,
        request=request,
        actor=actor,
        obj=rate,
        changed_fields=["activity_code", "amount", "unit", "effective_from"],
    )
    return rate


@transaction.atomic
def benefit_reference_add(
    *, organisation, benefit: str, period: str, amount, effective_from, source: str = "", actor: User, request=None
) -> BenefitReference:
    if not _runs_finance(actor):
        raise ValidationError("Only finance or an administrator can change the reference amounts.")
    amount = to_money(amount, maximum=Decimal("10000.00"))
    if period not in LimitPeriod.values:
        raise ValidationError({"period": "Select a week or a month"})
    benefit = benefit.strip()
    if not benefit:
        raise ValidationError({"benefit": "Enter the benefit and its rule"})
    if BenefitReference.objects.filter(organisation=organisation, benefit=benefit, effective_from=effective_from):
        raise ValidationError({"effective_from": "This benefit already has an amount from that date"})
    reference = BenefitReference.objects.create(
        organisation=organisation,
        benefit=benefit,
        period=period,
        amount=amount,
        effective_from=effective_from,
        source=source.strip(),
        created_by=actor,
    )
    audit_record(
        action=AuditAction.CREATE, request=request, actor=actor, obj=reference, changed_fields=["amount", "benefit"]
    )
    return reference
