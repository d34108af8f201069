"""Named permissions for board reporting (ADR 29). Board packs and the annual report: leads, QI advisers,
administrators, board members (the read-only `board_member` role, ADR 39) and service users or carers holding a
board or committee seat today (read-only); making and signing packs: leads and administrators; equity pages and
the PCREF workspace: leads and administrators only, and they show counts, never a person's answers."""

import rules
from django.utils import timezone

from withus.accounts.rules import is_administrator, is_board_member, is_improvement_advisor, is_participation_lead


@rules.predicate
def holds_a_seat(user) -> bool:
    """A service user or carer holding a board or committee seat today."""
    if not (user.is_authenticated and user.is_active):
        return False
    from withus.governance.models import SeatTerm  # here: rules load before the app registry is ready

    return (
        SeatTerm.objects.filter(organisation_id=user.organisation_id, person__user=user)
        .current_on(timezone.localdate())
        .exists()
    )


can_make_packs = is_participation_lead | is_administrator

rules.add_perm("reports.view_board_pack", can_make_packs | is_improvement_advisor | is_board_member | holds_a_seat)
# The menu entry: the same readers without the seat (asking "holds a seat?" would cost every page a query).
rules.add_perm("reports.find_board_packs", can_make_packs | is_improvement_advisor | is_board_member)
rules.add_perm("reports.make_board_pack", can_make_packs)
# Who signs as what is the service's rule (the pack's author, its named executive lead, a service-user co-author).
rules.add_perm("reports.sign_board_pack", can_make_packs | holds_a_seat)
rules.add_perm("reports.view_metrics", can_make_packs | is_improvement_advisor)
rules.add_perm("reports.view_annual_report", can_make_packs | is_improvement_advisor | is_board_member | holds_a_seat)
rules.add_perm("reports.view_equity", can_make_packs)
# The population and caseload figures equity is compared against (ADR 29): the same people who read equity.
rules.add_perm("reports.load_population", can_make_packs)
# The PCREF workspace: its feedback evidence is counted by ethnic group, so it is for the equity page's readers.
rules.add_perm("reports.view_pcref", can_make_packs)
rules.add_perm("reports.manage_pcref", can_make_packs)
