"""The matrix world's board reporting (issue 22): the standard metric definitions, one population benchmark and a
board pack for the last finished quarter, made by the trust-wide lead. Packs are trust-wide: there is no "other"."""

from django.utils import timezone

from withus.demo.reports_world import illustrative_csv
from withus.reports.forms import finished_quarters
from withus.reports.models import Competency
from withus.reports.services import metrics_ensure_defaults, pack_create, population_load
from withus.reports.services_pcref import pcref_action_add


def build_reports(world) -> None:
    metrics_ensure_defaults(organisation=world.organisation, actor=world.users.lead)
    population_load(
        organisation=world.organisation, text=illustrative_csv(), name="Area", source="test", actor=world.users.lead
    )
    start, end = finished_quarters(timezone.localdate(), count=1)[0]
    world.own.board_pack, _ = pack_create(
        organisation=world.organisation, period_start=start, period_end=end, actor=world.users.lead
    )
    # The PCREF plan's actions are trust-wide, like packs.
    world.own.pcref_action = pcref_action_add(
        organisation=world.organisation,
        title="Translate the involvement leaflet",
        co_produced_with="Riverside Somali Women's Group",
        competency=Competency.CO_PRODUCTION,
        owner="People Participation team",
        due_on=end,
        actor=world.users.lead,
    )
