"""Board packs: one frozen snapshot, identical on every rendering, untouched by later data, signed off once."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditEntry, ImmutableRecordError
from withus.involvement.tests.factories import RecordFactory
from withus.reports.models import BoardPack, PackStatus, SignOffRole, Snapshot
from withus.reports.services import (
    PackIssuedError,
    narrative_save,
    pack_create,
    pack_set_executive_lead,
    pack_sign_off,
)
from withus.reports.snapshots import checksum
from withus.reports.tests.builders import definitions, involvement_months, last_quarter

SVG = "<svg>chart</svg>"


@pytest.fixture(autouse=True)
def _no_chart_rendering():
    # vl-convert is exercised by the PDF and demo tests; here the figures matter.
    with mock.patch("withus.core.charts.render_svg", return_value=SVG):
        yield


@pytest.fixture
def world(trust, make_user):
    today = timezone.localdate()
    definitions(trust)
    people = involvement_months(trust, today=today)
    lead = make_user(Role.PARTICIPATION_LEAD)
    executive = make_user(Role.ADMINISTRATOR)
    start, end = last_quarter(today)
    return trust, lead, executive, people, start, end


def _pack(world):
    trust, lead, _executive, _people, start, end = world
    return pack_create(organisation=trust.organisation, period_start=start, period_end=end, actor=lead)


def test_a_pack_freezes_every_metric_with_its_spc_result_and_rule_version(world):
    pack, created = _pack(world)
    assert created
    figures = pack.snapshot.figures
    assert len(figures["months"]) == 24
    assert figures["engine"]["name"] == "withus-spc"
    assert figures["engine"]["version"]
    hours = next(metric for metric in figures["metrics"] if metric["code"] == "involvement-hours")
    assert len(hours["values"]) == 24
    assert hours["spc"]["preset"] == "mdc"
    assert hours["spc"]["settings"]
    assert hours["spc"]["variation"]
    assert hours["svg"] == SVG
    assert hours["by_directorate"]["Riverside Mental Health"][-1] == hours["values"][-1]
    assert pack.snapshot.checksum == checksum(figures)
    assert AuditEntry.objects.filter(object_type="boardpack", object_id=str(pack.pk)).exists()


def test_later_data_never_changes_an_issued_figure(world):
    trust, _lead, _executive, people, _start, end = world
    pack, _ = _pack(world)
    before = pack.snapshot.checksum
    RecordFactory(person=people[0], date=end - datetime.timedelta(days=3), unit=trust.willow, hours=9)
    pack.refresh_from_db()
    assert checksum(Snapshot.objects.get(pk=pack.snapshot_id).figures) == before


def test_asking_twice_gives_the_same_pack_and_one_snapshot(world):
    first, created = _pack(world)
    second, created_again = _pack(world)
    assert created
    assert not created_again
    assert first.pk == second.pk
    assert Snapshot.objects.count() == 1


def test_two_requests_at_once_make_one_pack_and_one_snapshot(world):
    """The second request passed the "is there one already" check before the first saved: the constraint decides."""
    first, _ = _pack(world)
    with mock.patch("withus.reports.services.BoardPack.objects.for_organisation") as packs:
        existing = packs.return_value.filter.return_value
        existing.first.return_value = None
        existing.get.return_value = first
        again, created = _pack(world)
    assert not created
    assert again.pk == first.pk
    assert Snapshot.objects.count() == 1
    assert BoardPack.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2026, 3, 31), datetime.date(2026, 1, 1), "on or after its start"),
        (datetime.date(2020, 1, 1), datetime.date(2022, 1, 1), "a year at most"),
        (None, None, "before today"),
    ],
)
def test_bad_periods_are_refused(world, start, end, message):
    trust, lead, *_ = world
    if start is None:
        start, end = timezone.localdate() - datetime.timedelta(days=10), timezone.localdate()
    with pytest.raises(ValidationError, match=message):
        pack_create(organisation=trust.organisation, period_start=start, period_end=end, actor=lead)
    assert not Snapshot.objects.exists()


def test_a_snapshot_cannot_be_changed(world):
    pack, _ = _pack(world)
    snapshot = pack.snapshot
    snapshot.figures = {}
    with pytest.raises(ImmutableRecordError):
        snapshot.save()


def test_sign_off_by_author_and_executive_issues_the_pack_and_then_it_cannot_change(world):
    _trust, lead, executive, *_ = world
    pack, _ = _pack(world)
    narrative_save(
        pack=pack, metric_code="involvement-hours", says="Up", why="More panels", doing="Keep on", actor=lead
    )
    with pytest.raises(ValidationError, match="Name the executive lead"):
        pack_sign_off(pack=pack, role=SignOffRole.EXECUTIVE, actor=executive)
    pack_set_executive_lead(pack=pack, executive_lead=executive, actor=lead)
    pack_sign_off(pack=pack, role=SignOffRole.AUTHOR, actor=lead)
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.DRAFT
    with pytest.raises(ValidationError, match="Only the named executive lead"):
        pack_sign_off(pack=pack, role=SignOffRole.EXECUTIVE, actor=lead)
    pack_sign_off(pack=pack, role=SignOffRole.EXECUTIVE, actor=executive)
    pack.refresh_from_db()
    assert pack.status == PackStatus.ISSUED
    assert pack.issued_at
    with pytest.raises(PackIssuedError):
        narrative_save(pack=pack, metric_code="involvement-hours", says="", why="", doing="", actor=lead)
    with pytest.raises(PackIssuedError):
        pack_set_executive_lead(pack=pack, executive_lead=lead, actor=lead)
    assert pack.narratives.get().says == "Up"


def test_only_the_author_signs_as_author_and_only_a_service_user_as_co_author(world, make_user):
    _trust, lead, executive, *_ = world
    pack, _ = _pack(world)
    with pytest.raises(ValidationError, match="Only the pack's author"):
        pack_sign_off(pack=pack, role=SignOffRole.AUTHOR, actor=executive)
    with pytest.raises(ValidationError, match="service user or carer co-author"):
        pack_sign_off(pack=pack, role=SignOffRole.CO_AUTHOR, actor=lead)
    with pytest.raises(ValidationError, match="Choose who"):
        pack_sign_off(pack=pack, role="mayor", actor=lead)


def test_a_narrative_for_a_metric_not_in_the_pack_is_refused(world):
    _trust, lead, *_ = world
    pack, _ = _pack(world)
    with pytest.raises(ValidationError, match="not in this pack"):
        narrative_save(pack=pack, metric_code="nope", says="", why="", doing="", actor=lead)


def test_qi_projects_improving_is_not_claimed_for_an_old_period(trust):
    from withus.reports.selectors import qi_projects_improving
    from withus.reports.snapshots import months_up_to

    old = qi_projects_improving(trust.organisation.pk, months_up_to(datetime.date(2024, 3, 31)))
    assert old.values == [None] * 24
    recent = qi_projects_improving(trust.organisation.pk, months_up_to(timezone.localdate()))
    assert recent.values[-1] == 0.0
