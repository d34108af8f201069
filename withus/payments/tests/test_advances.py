"""Issue 16 item 5: expenses the trust paid in advance are recorded, shown on the claim and never paid back twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from withus.payments.models.advances import Advance, AdvanceHow
from withus.payments.models.claims import ClaimLine, LineKind
from withus.payments.services.advances import advance_record
from withus.payments.services.claims import claim_add_expense, claim_create, claim_remove_line


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=2)


def _advance(person, actor, day, *, how=AdvanceHow.CASH, amount="20.00", category="travel"):
    return advance_record(
        person=person,
        date=day,
        occasion="Accreditation visit to Cedar Ward",
        category=category,
        how=how,
        description="Return train ticket" if how == AdvanceHow.BOUGHT_BY_TRUST else "Cash for travel",
        amount=amount,
        actor=actor,
    )


def _expense(claim, actor, day, amount, category="travel"):
    return claim_add_expense(
        claim=claim,
        category=category,
        date=day,
        description="Train to Cedar Ward",
        amount=amount,
        actor=actor,
        receipt_data=None if category == "other" else _png(),
    )


def _png() -> bytes:
    import io

    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, format="PNG")
    return output.getvalue()


def test_a_ticket_the_trust_bought_is_never_paid_back(amara, lead, day):
    _advance(amara.person, lead.user, day, how=AdvanceHow.BOUGHT_BY_TRUST, amount="23.40")
    claim = claim_create(person=amara.person, record_ids=[], actor=amara.user)
    with pytest.raises(ValidationError, match=r"The trust already paid for this on .*Return train ticket, £23\.40"):
        _expense(claim, amara.user, day, "23.40")
    assert not ClaimLine.objects.filter(claim=claim).exists()
    # Another kind of cost that day is still paid back.
    assert _expense(claim, amara.user, day, "3.00", category="other").amount == Decimal("3.00")


def test_cash_given_is_taken_off_once(amara, lead, day):
    _advance(amara.person, lead.user, day, amount="20.00")
    claim = claim_create(person=amara.person, record_ids=[], actor=amara.user)
    with pytest.raises(ValidationError, match=r"You were given £20\.00 in cash in advance"):
        _expense(claim, amara.user, day, "18.00")
    line = _expense(claim, amara.user, day, "25.50")
    assert line.amount == Decimal("5.50")
    assert line.description.endswith("(£25.50 spent, less £20.00 given in advance)")
    assert Advance.objects.get().settled_line == line
    # A second expense that day is not reduced again.
    assert _expense(claim, amara.user, day, "4.00").amount == Decimal("4.00")


def test_removing_the_line_gives_the_advance_back(amara, lead, day):
    _advance(amara.person, lead.user, day, amount="20.00")
    claim = claim_create(person=amara.person, record_ids=[], actor=amara.user)
    line = _expense(claim, amara.user, day, "25.00")
    claim_remove_line(claim=claim, line_id=line.pk, actor=amara.user)
    assert Advance.objects.get().settled_line is None
    assert _expense(claim, amara.user, day, "25.00").amount == Decimal("5.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occasion": "  "}, "occasion"),
        ({"description": ""}, "description"),
        ({"category": "holiday"}, "category"),
        ({"how": "cheque"}, "how"),
        ({"date": datetime.date(2000, 1, 1)}, "date"),
    ],
)
def test_bad_advances_are_refused(amara, lead, day, changes, field):
    values = {
        "person": amara.person,
        "date": day,
        "occasion": "Visit",
        "category": "travel",
        "how": "cash",
        "description": "Cash",
        "amount": "5",
        "actor": lead.user,
    }
    with pytest.raises(ValidationError) as error:
        advance_record(**{**values, **changes})
    assert field in error.value.message_dict
    assert not Advance.objects.exists()


def test_nobody_records_an_advance_for_themselves(amara, day):
    with pytest.raises(ValidationError, match="never for yourself"):
        _advance(amara.person, amara.user, day)


def test_staff_record_it_and_it_shows_on_the_claim(amara, lead, finance, day):
    url = reverse("payments:advance_add", args=[amara.person.pk])
    assert lead.client.get(url).status_code == 200
    empty = lead.client.post(url, {"amount": "lots"})
    assert "There is a problem" in empty.content.decode()
    response = lead.client.post(
        url,
        {
            "how": "bought",
            "category": "travel",
            "date_day": day.day,
            "date_month": day.month,
            "date_year": day.year,
            "occasion": "Accreditation visit to Cedar Ward",
            "description": "Return train ticket",
            "amount": "23.40",
        },
    )
    assert response.status_code == 302
    assert Advance.objects.get().how == AdvanceHow.BOUGHT_BY_TRUST
    claim = claim_create(person=amara.person, record_ids=[], actor=amara.user)
    _expense(claim, amara.user, day, "3.00", category="other")
    page = amara.client.get(reverse("payments:claim", args=[claim.pk])).content.decode()
    assert "Paid in advance by the trust" in page
    assert "This was paid for you beforehand" in page
    assert "Return train ticket, £23.40" in page
    assert amara.client.get(url).status_code == 404
    assert ClaimLine.objects.filter(claim=claim, kind=LineKind.EXPENSE).count() == 1
