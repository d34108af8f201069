"""The demo trust has opportunities of every kind, in every phase, with records for Amara and Ben."""

from django.core.management import call_command
from django.utils import timezone

from withus.involvement.models import InvolvementKind, InvolvementRecord
from withus.opportunities.models import Attendance, ExpressionOfInterest, Opportunity, ResponseStatus
from withus.opportunities.selectors import spread_rows
from withus.people.models import Person


def test_demo_opportunities(demo):
    today = timezone.localdate()
    opportunities = Opportunity.objects.for_organisation(demo.pk)
    # Peer buddying is paid through buddy check-ins (issue 21), never offered as an opportunity.
    kinds = InvolvementKind.objects.filter(organisation=demo).exclude(payment_activity_code="INV-BUDDY")
    assert kinds.count() == 9
    for kind in kinds:
        mine = opportunities.filter(kind=kind)
        assert mine.filter(closes_on__gte=today).exists(), kind
        assert mine.filter(closes_on__lt=today, sessions__starts_at__gt=timezone.now()).exists(), kind
        assert mine.filter(sessions__starts_at__lt=timezone.now()).exists(), kind
    assert ExpressionOfInterest.objects.filter(organisation=demo, status=ResponseStatus.NOT_SELECTED).exists()
    assert ExpressionOfInterest.objects.filter(organisation=demo, suggested=True).exists()
    assert Attendance.objects.filter(organisation=demo).exists()
    for name in ("Amara Bello", "Ben Hughes"):
        person = Person.objects.get(full_name=name)
        assert InvolvementRecord.objects.filter(person=person).count() >= 3, name
    rows = spread_rows(organisation_id=demo.pk, today=today)
    frontline = [row for row in rows if row.unit.kind in {"ward", "team"}]
    assert any(row.started for row in frontline)
    assert any(not row.started for row in frontline)


def test_running_it_again_adds_nothing(demo):
    counts = (
        Opportunity.objects.count(),
        ExpressionOfInterest.objects.count(),
        Attendance.objects.count(),
        InvolvementRecord.objects.count(),
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert counts == (
        Opportunity.objects.count(),
        ExpressionOfInterest.objects.count(),
        Attendance.objects.count(),
        InvolvementRecord.objects.count(),
    )
