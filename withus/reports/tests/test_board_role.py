"""The read-only board member role (issue 22, ADR 39): board packs, their PDF and the annual report, nothing else.
Given by an administrator like any staff role; never staff-side (no portfolio, recruitment or units)."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.accounts import services as account_services
from withus.accounts.models import STAFF_SIDE_ROLES, Role, User
from withus.reports.models import BoardPack, Narrative, SignOff
from withus.reports.services import pack_create
from withus.reports.tests.builders import definitions, involvement_months, last_quarter

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture(autouse=True)
def _quick_charts():
    with mock.patch("withus.core.charts.render_svg", return_value=SVG):
        yield


@pytest.fixture
def pack(trust, make_user):
    definitions(trust)
    involvement_months(trust, today=timezone.localdate())
    start, end = last_quarter(timezone.localdate())
    lead = make_user(Role.PARTICIPATION_LEAD)
    return pack_create(organisation=trust.organisation, period_start=start, period_end=end, actor=lead)[0]


@pytest.fixture
def board(make_user, client):
    member = make_user(Role.BOARD_MEMBER, full_name="Margaret Osei")
    client.force_login(member)
    return client


def test_a_board_member_reads_packs_their_pdf_and_the_annual_report(pack, board):
    listing = board.get("/reports/board/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert pack.title in page
    assert "Make a pack" not in page  # read-only
    year = timezone.localdate().year - 1
    assert f'href="/reports/annual/{year}/"' in page
    detail = board.get(f"/reports/board/{pack.pk}/")
    assert detail.status_code == 200
    assert "Sign off the pack" not in detail.content.decode()
    assert "Write the narrative" not in detail.content.decode()
    assert board.get(f"/reports/board/{pack.pk}/pack.pdf").status_code == 200
    assert board.get(f"/reports/annual/{year}/").status_code == 200


def test_a_board_member_finds_board_reports_in_the_menu_and_nothing_else_of_staff(pack, board):
    page = board.get("/").content.decode()
    assert 'href="/reports/board/"' in page
    assert "Board packs with their frozen figures" in page  # the home page's one card
    for staff_place in ("/people/", "/improvement/", "/governance/", "/reports/equity/", "/accounts/users/"):
        assert f'href="{staff_place}"' not in page
    # Nothing else either: not opportunities, stories or courses, which everyone else signed in may browse.
    for path in ("/opportunities/", "/stories/", "/learning/"):
        assert f'href="{path}"' not in page
        assert board.get(path).status_code in (403, 404), path


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/reports/board/"),  # making a pack
        ("get", "/reports/board/{pack}/sign/"),
        ("post", "/reports/board/{pack}/sign/"),
        ("get", "/reports/board/{pack}/narrative/involvement-hours/"),
        ("post", "/reports/board/{pack}/narrative/involvement-hours/"),
        ("get", "/reports/metrics/involvement-hours/"),
        ("get", "/reports/equity/"),
    ],
)
def test_a_board_member_cannot_make_sign_write_or_see_equity_or_live_metrics(pack, board, method, path):
    url = path.format(pack=pack.pk)
    start, _end = last_quarter(timezone.localdate())
    data = {"quarter": start.isoformat(), "role": "author", "says": "Changed"}
    response = board.get(url) if method == "get" else board.post(url, data)
    assert response.status_code == 404
    assert BoardPack.objects.count() == 1
    assert not SignOff.objects.exists()
    assert not Narrative.objects.exists()


def test_a_board_member_is_not_staff_side(make_user):
    member = make_user(Role.BOARD_MEMBER)
    assert Role.BOARD_MEMBER not in STAFF_SIDE_ROLES
    for permission in (
        "improvement.view_portfolio",
        "governance.view_recruitment",
        "organisations.view_units",
        "people.view_register",
        "voice.export_stories",
        "reports.make_board_pack",
        "reports.sign_board_pack",
        "reports.view_metrics",
        "reports.view_equity",
    ):
        assert not member.has_perm(permission), permission
    assert member.has_perm("reports.view_board_pack")
    assert member.has_perm("reports.view_annual_report")


def test_a_board_member_cannot_be_named_executive_lead(pack, make_user):
    from django.core.exceptions import ValidationError

    from withus.reports.services import pack_set_executive_lead

    member = make_user(Role.BOARD_MEMBER)
    with pytest.raises(ValidationError, match="member of staff"):
        pack_set_executive_lead(pack=pack, executive_lead=member, actor=pack.author)
    pack.refresh_from_db()
    assert pack.executive_lead_id is None


def test_an_administrator_invites_a_board_member(make_user, client):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_invite"),
        {"email": "margaret@example.org", "full_name": "Margaret Osei", "role_board_member": "trust"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="margaret@example.org").role_names == {Role.BOARD_MEMBER}


def test_the_participant_role_still_cannot_be_given_as_an_account_role(make_user, trust):
    admin = make_user(Role.ADMINISTRATOR)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="through the register"):
        account_services.user_invite(
            organisation=trust.organisation,
            email="someone@example.org",
            full_name="Someone",
            roles=[account_services.RoleChoice(Role.PARTICIPANT)],
            actor=admin,
        )
    assert not User.objects.filter(email="someone@example.org").exists()
