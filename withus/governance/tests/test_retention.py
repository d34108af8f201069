"""Score sheets are deleted six months after the panel's decision; each deletion is audited; the decision stays."""

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django.utils import timezone

from withus.core.models import AuditAction, AuditEntry
from withus.governance.models import PanelDecision, Score, ScoreSheet
from withus.governance.services.scores import decision_record
from withus.governance.tests.conftest import submit

DECIDED_AT = datetime.datetime(2026, 3, 15, 11, 0, tzinfo=datetime.UTC)


def _decided_panel(panel, staff):
    for member in (panel.members.staff, panel.members.lead, panel.members.amara):
        submit(panel, member, panel.first, 3, 2)
        submit(panel, member, panel.second, 1, 1)
    with time_machine.travel(DECIDED_AT, tick=False):
        decision_record(vacancy=panel.vacancy, appointed=panel.first, reasons="Clear best", actor=staff.user)


def _run(*args) -> str:
    out = StringIO()
    call_command("delete_old_score_sheets", *args, stdout=out)
    return out.getvalue()


def test_sheets_are_kept_for_six_months_then_deleted_and_audited(panel, staff):
    _decided_panel(panel, staff)
    # 10am in London, an hour short of six months after the decision (11am in London on 15 March).
    with time_machine.travel(datetime.datetime(2026, 9, 15, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert _run() == "0 score sheets deleted.\n"
    assert ScoreSheet.objects.count() == 6
    sheet_ids = {str(pk) for pk in ScoreSheet.objects.values_list("pk", flat=True)}
    with time_machine.travel(datetime.datetime(2026, 9, 15, 12, 0, tzinfo=datetime.UTC), tick=False):
        assert _run("--dry-run") == "6 score sheets would be deleted (dry run: nothing was changed).\n"
        assert ScoreSheet.objects.count() == 6
        assert _run() == "6 score sheets deleted.\n"
        assert _run() == "0 score sheets deleted.\n"
    assert not ScoreSheet.objects.exists()
    assert not Score.objects.exists()
    entries = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="scoresheet", changed_fields=["deleted"])
    assert {entry.object_id for entry in entries} == sheet_ids
    assert all("six months after the decision" in entry.object_label for entry in entries)
    decision = PanelDecision.objects.get()
    assert decision.reasons == "Clear best"
    assert decision.appointed == panel.first
    panel.vacancy.refresh_from_db()
    assert panel.vacancy.sheets_deleted_at is not None
    panel.first.refresh_from_db()
    assert panel.first.combined_score is not None
    assert panel.first.appointable


def test_undecided_panels_keep_their_sheets(panel):
    submit(panel, panel.members.amara, panel.first, 3, 2)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=800), tick=False):
        assert _run() == "0 score sheets deleted.\n"
    assert ScoreSheet.objects.count() == 1


def test_after_deletion_the_panel_page_keeps_the_decision(panel, staff):
    _decided_panel(panel, staff)
    with time_machine.travel(datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC), tick=False):
        _run()
    page = staff.client.get(f"/recruitment/{panel.vacancy.pk}/").content.decode()
    assert "Clear best" in page
    assert "The score sheets were deleted on" in page
