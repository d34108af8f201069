"""The demo trust has committees with seats, terms and meetings, and ten panels in every state."""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.governance.models import (
    Committee,
    MeetingAttendance,
    PanelDecision,
    PanelMember,
    PanelStatus,
    ScoreSheet,
    SeatTerm,
    Vacancy,
)
from withus.involvement.models import InvolvementRecord, InvolvementSource
from withus.people.models import Person

# Panels the demo's administrator runs, so the Willow Ward manager (staff@) neither runs nor sits on them.
NOT_THE_WARD_MANAGERS = {
    "Children's physiotherapist, Marsh Children's Therapies",
    "District nurse, Marsh District Nursing",
    "Eating disorders therapist, Eating Disorders Service",
}


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_demo_committees_and_panels(demo):
    board = Committee.objects.get(organisation=demo, name="Trust Board")
    assert SeatTerm.objects.filter(seat__committee=board, person__kind="service_user").count() >= 2
    sub = Committee.objects.get(name="People Participation Sub-Committee")
    assert sub.reports_to == board
    assert "Trust Chair" in sub.chair
    ben = Person.objects.get(full_name="Ben Hughes")
    assert SeatTerm.objects.filter(seat__committee=sub, person=ben).exists()
    assert Committee.objects.filter(organisation=demo).count() >= 3
    assert MeetingAttendance.objects.filter(organisation=demo, attended=True).exists()
    assert InvolvementRecord.objects.filter(organisation=demo, source_type=InvolvementSource.COMMITTEE).exists()
    vacancies = Vacancy.objects.filter(organisation=demo)
    assert vacancies.count() == 10
    assert set(vacancies.values_list("status", flat=True)) == set(PanelStatus.values)
    without = vacancies.exclude(members__kind__in=["service_user", "carer"])
    assert without.exists()
    assert PanelDecision.objects.filter(organisation=demo).count() == 5
    assert vacancies.filter(sheets_deleted_at__isnull=False).exists()
    assert ScoreSheet.objects.filter(organisation=demo).exists()
    amara = User.objects.get(email="amara@demo.withus.local")
    on = PanelMember.objects.filter(user=amara, vacancy__status=PanelStatus.SCORING)
    assert any(not ScoreSheet.objects.filter(member=member).exists() for member in on)
    assert any(ScoreSheet.objects.filter(member=member).exists() for member in on)


def test_running_it_again_adds_nothing(demo):
    counts = (Committee.objects.count(), SeatTerm.objects.count(), Vacancy.objects.count(), ScoreSheet.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    assert counts == (
        Committee.objects.count(),
        SeatTerm.objects.count(),
        Vacancy.objects.count(),
        ScoreSheet.objects.count(),
    )


def test_every_demo_role_sees_its_part(demo):
    lead = _client("lead@demo.withus.local")
    page = lead.get(reverse("governance:committees")).content.decode()
    assert "People Participation Sub-Committee" in page
    assert "Ben Hughes" in page
    assert "Seats to fill" in page
    page = lead.get(reverse("governance:recruitment")).content.decode()
    assert "Ward manager, Willow Ward" in page
    assert "No service user or carer" in page
    assert lead.get(reverse("governance:coverage")).status_code == 200
    # The administrator opens every panel; the Willow Ward manager (staff@) only those she recruits to.
    admin, staff = _client("admin@demo.withus.local"), _client("staff@demo.withus.local")
    vacancies = list(Vacancy.objects.filter(organisation=demo).select_related("recruiting_manager"))
    not_hers = {vacancy for vacancy in vacancies if vacancy.job_title in NOT_THE_WARD_MANAGERS}
    assert len(not_hers) == len(NOT_THE_WARD_MANAGERS)
    for vacancy in vacancies:
        url = reverse("governance:vacancy", args=[vacancy.pk])
        assert admin.get(url).status_code == 200, vacancy
        assert staff.get(url).status_code == (404 if vacancy in not_hers else 200), vacancy
        assert (vacancy.recruiting_manager.email == "staff@demo.withus.local") == (vacancy not in not_hers)
    for committee in Committee.objects.filter(organisation=demo):
        assert lead.get(reverse("governance:committee", args=[committee.pk])).status_code == 200
    amara = _client("amara@demo.withus.local")
    page = amara.get(reverse("governance:my_panels")).content.decode()
    assert "Ward manager, Willow Ward" in page
    assert "to score" in page
    ben = _client("ben@demo.withus.local")
    page = ben.get(reverse("governance:my_panels")).content.decode()
    assert "People Participation Sub-Committee" in page
    staff = _client("staff@demo.withus.local")
    assert "Ward manager, Willow Ward" in staff.get(reverse("governance:recruitment")).content.decode()
    assert _client("chen@demo.withus.local").get(reverse("governance:recruitment")).status_code == 403
    qi = _client("qi@demo.withus.local")
    page = qi.get(reverse("governance:recruitment")).content.decode()
    assert "Staff nurse, Cedar Ward" in page
    assert "Ward manager, Willow Ward" not in page


def test_amara_can_score_and_read_results_in_the_demo(demo):
    amara = _client("amara@demo.withus.local")
    willow = Vacancy.objects.get(job_title="Ward manager, Willow Ward")
    first = willow.candidates.first()
    page = amara.get(reverse("governance:score", args=[willow.pk, first.pk])).content.decode()
    assert "Score candidate" in page
    cedar = Vacancy.objects.get(job_title="Staff nurse, Cedar Ward")
    for candidate in cedar.candidates.all():
        page = amara.get(reverse("governance:result", args=[cedar.pk, candidate.pk])).content.decode()
        assert "Combined score" in page
    admin = _client("admin@demo.withus.local")
    for vacancy in Vacancy.objects.filter(status=PanelStatus.DECIDED, sheets_deleted_at__isnull=True):
        for candidate in vacancy.candidates.all():
            assert admin.get(reverse("governance:result", args=[vacancy.pk, candidate.pk])).status_code == 200
