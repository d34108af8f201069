"""Board pack pages: making a pack, reading it, its PDF, narrative and sign-off; the live metric page; the annual
report. Bad input gets a kind message and changes nothing."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.governance.models import CommitteeKind, SeatTerm
from withus.governance.services.committees import committee_create, seat_create
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory
from withus.reports.models import BoardPack, PackStatus, SignOffRole, Snapshot
from withus.reports.services import pack_create, pack_set_executive_lead, pack_sign_off
from withus.reports.tests.builders import definitions, involvement_months, last_quarter

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture(autouse=True)
def _quick_charts():
    with mock.patch("withus.core.charts.render_svg", return_value=SVG):
        yield


@pytest.fixture
def world(trust, make_user):
    definitions(trust)
    involvement_months(trust, today=timezone.localdate())
    return trust, make_user(Role.PARTICIPATION_LEAD), make_user(Role.ADMINISTRATOR)


def test_a_lead_makes_last_quarters_pack_and_reads_it(world, client):
    _trust, lead, _admin = world
    client.force_login(lead)
    start, _end = last_quarter(timezone.localdate())
    response = client.post("/reports/board/", {"quarter": start.isoformat()})
    pack = BoardPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/board/{pack.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Hours of involvement" in page
    assert "Summary of the metrics" in page
    assert "Figures frozen on" in page
    assert pack.snapshot.checksum[:16] in page
    # Asked again: the same pack, no second snapshot.
    client.post("/reports/board/", {"quarter": start.isoformat()})
    assert Snapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Choose the quarter the pack is for"), ({"quarter": "2001-01-01"}, "Choose one of the quarters listed")],
)
def test_making_a_pack_with_no_or_a_made_up_quarter_says_how_to_fix_it(world, client, data, message):
    client.force_login(world[1])
    response = client.post("/reports/board/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not BoardPack.objects.exists()


def _pack(world):
    trust, lead, _admin = world
    start, end = last_quarter(timezone.localdate())
    return pack_create(organisation=trust.organisation, period_start=start, period_end=end, actor=lead)[0]


def test_rendering_a_pack_twice_gives_the_same_page_and_later_data_does_not_change_it(world, client):
    pack = _pack(world)
    client.force_login(world[1])

    def body() -> str:
        page = client.get(f"/reports/board/{pack.pk}/").content.decode()
        return page[page.index("<h1>") : page.index("</main>")]

    first = body()
    involvement_months(world[0], today=timezone.localdate(), months=3, people=4)
    assert body() == first  # the same figures and charts: nothing is drawn from live data


def _icons(page: str) -> list[str]:
    """The texts of the variation and assurance icons, in page order."""
    import re

    return re.findall(r'data-icon="(?:variation|assurance)">(.*?)</dd>', page, flags=re.S)


def test_the_live_metric_page_shows_the_same_icons_as_the_pack_for_the_same_period(world, client):
    pack = _pack(world)
    client.force_login(world[1])
    live = client.get("/reports/metrics/involvement-hours/", {"until": pack.period_end.isoformat()})
    assert live.status_code == 200
    page = client.get(f"/reports/board/{pack.pk}/").content.decode()
    section = page[page.index('id="metric-involvement-hours"') :]
    live_icons = _icons(live.content.decode())
    assert len(live_icons) == 2
    assert _icons(section)[:2] == live_icons
    metric = next(m for m in pack.snapshot.figures["metrics"] if m["code"] == "involvement-hours")
    from withus.improvement.analysis import VARIATION_LABELS

    assert VARIATION_LABELS[metric["spc"]["variation"]] in live_icons[0]


@pytest.mark.parametrize("until", ["soon", "2999-01-01"])
def test_a_bad_period_on_the_live_metric_page_says_how_to_fix_it(world, client, until):
    client.force_login(world[1])
    response = client.get("/reports/metrics/involvement-hours/", {"until": until})
    assert response.status_code == 400
    assert "as a date before today" in response.content.decode()


def test_the_pack_pdf_is_a_pdf_and_its_download_is_audited(world, client):
    from withus.core.models import AuditEntry

    pack = _pack(world)
    client.force_login(world[1])
    with mock.patch("withus.reports.views.render_pdf", return_value=b"%PDF-1.7\n") as render:
        response = client.get(f"/reports/board/{pack.pk}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    context = render.call_args.args[1]
    assert context["figures"] == pack.snapshot.figures
    assert AuditEntry.objects.filter(action="export", object_id=str(pack.pk)).exists()


@pytest.mark.slow
def test_the_pack_pdf_renders_for_real(world, client):
    pack = _pack(world)
    client.force_login(world[1])
    response = client.get(f"/reports/board/{pack.pk}/pack.pdf")
    assert response.content.startswith(b"%PDF")


def test_sign_off_through_the_pages_issues_the_pack_and_then_the_narrative_cannot_change(world, client):
    _trust, lead, admin = world
    pack = _pack(world)
    client.force_login(lead)
    response = client.post(f"/reports/board/{pack.pk}/sign/", {"action": "lead", "executive_lead": str(admin.pk)})
    assert response.status_code == 302
    assert client.post(f"/reports/board/{pack.pk}/sign/", {"action": "sign", "role": "author"}).status_code == 302
    client.force_login(admin)
    response = client.post(f"/reports/board/{pack.pk}/sign/", {"action": "sign", "role": "author"})
    assert "signs as its author" in response.content.decode()
    assert client.post(f"/reports/board/{pack.pk}/sign/", {"action": "sign", "role": "executive"}).status_code == 302
    pack.refresh_from_db()
    assert pack.status == PackStatus.ISSUED
    client.force_login(lead)
    response = client.post(
        f"/reports/board/{pack.pk}/narrative/involvement-hours/", {"says": "changed", "why": "", "doing": ""}
    )
    assert response.status_code == 409
    assert "can no longer change" in response.content.decode()
    assert not pack.narratives.exists()


def test_signing_with_no_choice_says_how_to_fix_it(world, client):
    pack = _pack(world)
    client.force_login(world[1])
    response = client.post(f"/reports/board/{pack.pk}/sign/", {"action": "sign"})
    assert response.status_code == 200
    assert "Choose who you are signing as" in response.content.decode()
    assert not pack.sign_offs.exists()


def test_a_service_user_holding_a_board_seat_reads_the_pack_and_signs_as_co_author(world, client, make_user):
    trust, _lead, admin = world
    pack = _pack(world)
    user = make_user(Role.PARTICIPANT)
    person = PersonFactory(organisation=trust.organisation, kind=PersonKind.SERVICE_USER, user=user)
    committee = committee_create(organisation=trust.organisation, name="Board", kind=CommitteeKind.BOARD, actor=admin)
    seat = seat_create(committee=committee, title="Service user seat", actor=admin)
    today = timezone.localdate()
    SeatTerm.objects.create(
        organisation=trust.organisation,
        seat=seat,
        person=person,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        appointed_by=admin,
    )
    client.force_login(user)
    assert client.get(f"/reports/board/{pack.pk}/").status_code == 200
    assert client.get("/reports/equity/").status_code == 404
    assert client.post("/reports/board/", {"quarter": pack.period_start.isoformat()}).status_code == 404
    response = client.post(f"/reports/board/{pack.pk}/sign/", {"action": "sign", "role": SignOffRole.CO_AUTHOR})
    assert response.status_code == 302
    assert pack.sign_offs.get().role == SignOffRole.CO_AUTHOR


def test_a_participant_without_a_seat_does_not_find_packs(world, client, make_user):
    pack = _pack(world)
    client.force_login(make_user(Role.PARTICIPANT))
    assert client.get(f"/reports/board/{pack.pk}/").status_code == 404
    assert client.get("/reports/board/").status_code == 404


def test_another_trusts_pack_is_not_found(world, client, make_user):
    from withus.organisations.tests.factories import OrganisationFactory

    pack = _pack(world)
    elsewhere = make_user(Role.PARTICIPATION_LEAD, organisation=OrganisationFactory())
    client.force_login(elsewhere)
    assert client.get(f"/reports/board/{pack.pk}/").status_code == 404


def test_the_board_list_reads_in_few_queries(world, client, django_assert_max_num_queries):
    _trust, lead, _admin = world
    for offset in range(3):
        start = datetime.date(2024, 1 + 3 * offset, 1)
        from withus.core.dates import add_months, month_end

        pack_create(
            organisation=world[0].organisation,
            period_start=start,
            period_end=month_end(add_months(start, 2)),
            actor=lead,
        )
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        assert client.get("/reports/board/").status_code == 200


def test_the_annual_report_shows_the_year_and_refuses_a_year_to_come(world, client):
    client.force_login(world[1])
    year = timezone.localdate().year - 1
    response = client.get(f"/reports/annual/{year}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "People Participation annual report" in page
    assert "Hours of involvement by kind" in page
    assert client.get(f"/reports/annual/{timezone.localdate().year + 1}/").status_code == 404
    assert client.get("/reports/annual/1999/").status_code == 404


def test_an_executive_lead_who_is_not_staff_is_refused(world, client, make_user):
    pack = _pack(world)
    participant = make_user(Role.PARTICIPANT)
    client.force_login(world[1])
    response = client.post(f"/reports/board/{pack.pk}/sign/", {"action": "lead", "executive_lead": str(participant.pk)})
    assert response.status_code == 200
    assert "Choose a member of staff from the list" in response.content.decode()
    pack.refresh_from_db()
    assert pack.executive_lead is None


def test_a_sign_off_form_sent_with_nothing_chosen_says_how_to_fix_it(world, client):
    pack = _pack(world)
    client.force_login(world[1])
    response = client.post(f"/reports/board/{pack.pk}/sign/", {})
    assert response.status_code == 200
    assert "Choose who you are signing as" in response.content.decode()
    assert not pack.sign_offs.exists()


def test_the_pack_page_offers_the_narrative_only_while_a_draft(world, client):
    _trust, lead, admin = world
    pack = _pack(world)
    client.force_login(lead)
    assert "Write the narrative" in client.get(f"/reports/board/{pack.pk}/").content.decode()
    pack_set_executive_lead(pack=pack, executive_lead=admin, actor=lead)
    pack_sign_off(pack=pack, role=SignOffRole.AUTHOR, actor=lead)
    pack_sign_off(pack=pack, role=SignOffRole.EXECUTIVE, actor=admin)
    page = client.get(f"/reports/board/{pack.pk}/").content.decode()
    assert "Write the narrative" not in page
    assert "Issued on" in page


@pytest.mark.slow
def test_the_annual_report_pdf_renders_for_real(world, client):
    client.force_login(world[1])
    response = client.get(f"/reports/annual/{timezone.localdate().year - 1}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
