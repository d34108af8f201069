"""Money is Decimal pounds with two places. Floats are refused everywhere: they cannot hold pennies exactly."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from withus.payments.models.rates import MAX_LINE_AMOUNT, PENNY


def to_money(value, *, field: str = "amount", allow_zero: bool = False, maximum: Decimal = MAX_LINE_AMOUNT) -> Decimal:
    """A Decimal amount in pounds, or a ValidationError that says how to fix it. A float is a programming error."""
    if isinstance(value, float):
        raise TypeError("Money must be a Decimal or text, never a float.")
    if isinstance(value, bool):
        raise TypeError("Money must be a Decimal or text.")
    text = str(value if value is not None else "").strip().replace(",", "").removeprefix("£").strip()
    if not text:
        raise ValidationError({field: "Enter an amount in pounds, like 12.50"})
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({field: "Enter an amount in pounds, like 12.50"}) from error
    if not amount.is_finite():
        raise ValidationError({field: "Enter an amount in pounds, like 12.50"})
    if amount < 0:
        raise ValidationError({field: "Enter an amount of 0 or more, without a minus sign"})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: "Enter an amount of more than £0"})
    if amount != amount.quantize(PENNY):
        raise ValidationError({field: "Enter pounds and pence only, like 12.50"})
    if amount > maximum:
        raise ValidationError({field: f"Enter an amount of £{maximum:,.2f} or less. Check for a typing mistake"})
    return amount.quantize(PENNY)


def pounds(value) -> str:
    """'£1,234.50' for display."""
    return f"£{Decimal(value or 0):,.2f}"
