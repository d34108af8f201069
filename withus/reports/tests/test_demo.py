"""The demo's board reporting (issue 22): packs for three quarters (one issued), a read-only board member, a PCREF
plan with actions co-produced with named community groups, and the panel gap on the equity page over time.
Running the demo again changes nothing."""

from django.core.management import call_command
from django.test import Client

from withus.accounts.models import Role, User
from withus.reports.models import BoardPack, PackStatus, PcrefAction, PcrefAssessment, PcrefMonitoring, PcrefPlan


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_demo_has_packs_a_board_member_and_a_pcref_plan(demo):
    packs = BoardPack.objects.for_organisation(demo.pk)
    assert packs.count() == 3
    assert packs.filter(status=PackStatus.ISSUED).count() == 1
    board = User.objects.get(email="board@demo.withus.local")
    assert board.role_names == {Role.BOARD_MEMBER}
    page = _client("board@demo.withus.local").get("/reports/board/").content.decode()
    assert packs.first().title in page
    plan = PcrefPlan.objects.for_organisation(demo.pk).get()
    assert plan.executive_lead.email == "admin@demo.withus.local"
    actions = PcrefAction.objects.for_organisation(demo.pk)
    assert actions.count() == 4
    assert all(action.co_produced_with for action in actions)
    assert {action.status for action in actions} >= {"done", "in_progress", "not_started"}
    assert PcrefAssessment.objects.for_organisation(demo.pk).count() == 3
    assert PcrefMonitoring.objects.for_organisation(demo.pk).count() == 2
    from withus.reports.models import EdsScore

    assert EdsScore.objects.for_organisation(demo.pk).count() == 4
    workspace = _client("lead@demo.withus.local").get("/reports/pcref/").content.decode()
    assert "Marsh African Caribbean Carers Forum" in workspace


def test_the_demo_equity_page_shows_panels_over_time(demo):
    page = _client("lead@demo.withus.local").get("/reports/equity/").content.decode()
    assert 'id="over-time-panels"' in page
    assert 'data-vega-chart="equity-panels-spec"' in page


def test_running_the_demo_again_adds_no_pcref_rows_or_packs(demo):
    before = (
        BoardPack.objects.count(),
        PcrefAction.objects.count(),
        PcrefAssessment.objects.count(),
        PcrefMonitoring.objects.count(),
    )
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    after = (
        BoardPack.objects.count(),
        PcrefAction.objects.count(),
        PcrefAssessment.objects.count(),
        PcrefMonitoring.objects.count(),
    )
    assert before == after
