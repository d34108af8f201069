"""Role predicates. Other apps build their named permissions from these."""

import rules

from withus.accounts.models import STAFF_SIDE_ROLES, Role


def in_unit_scope(user, unit, *roles: str) -> bool:
    """Whether one of these roles of the user covers the unit: held trust-wide, or for the unit or one above it.

    The one "user covers this unit" check (roles are per unit; a unit covers everything beneath it, ADR 3). It never
    covers another trust's unit. Which roles count is the caller's rule, e.g. leads and staff for a vacancy.
    """
    if unit is None or unit.organisation_id != user.organisation_id:
        return False
    units = user.units_for(*roles)  # None: one of the roles is held trust-wide
    return units is None or any(unit.path.startswith(mine.path) for mine in units)


def _role_predicate(*roles: str):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_role(*roles))

    return predicate


is_participant = _role_predicate(Role.PARTICIPANT)
is_staff_member = _role_predicate(Role.STAFF)
is_participation_lead = _role_predicate(Role.PARTICIPATION_LEAD)
is_improvement_advisor = _role_predicate(Role.IMPROVEMENT_ADVISOR)
is_finance_approver = _role_predicate(Role.FINANCE_APPROVER)
is_administrator = _role_predicate(Role.ADMINISTRATOR)
is_signed_in = rules.is_authenticated & rules.is_active
is_board_member = _role_predicate(Role.BOARD_MEMBER)
# Board members are not staff: they read board packs and the annual report only (ADR 39).
is_staff_side = _role_predicate(*sorted(STAFF_SIDE_ROLES))
# What every signed-in person may browse (opportunities, published stories, courses), except board members, who read
# board packs and the annual report and nothing else (ADR 39).
is_signed_in_not_board = is_signed_in & ~is_board_member

rules.add_perm("accounts.view_home", is_signed_in)
rules.add_perm("accounts.keep_session_alive", is_signed_in)
# Everyone chooses the language of their own account only (issue 26).
rules.add_perm("accounts.choose_own_language", is_signed_in)
# Everyone changes only their own sign-in address; nobody (not a lead, not an administrator) changes another's.
rules.add_perm("accounts.change_own_sign_in_email", is_signed_in)
rules.add_perm("accounts.confirm_it_is_you", is_signed_in)
rules.add_perm("accounts.view_audit_log", is_administrator)
rules.add_perm("accounts.reset_two_step", is_administrator)
# Administrators manage staff accounts in the app (issue 14 item 1); the services refuse changes to your own roles.
rules.add_perm("accounts.manage_users", is_administrator)
# Everyone sees and ends their own signed-in sessions (issue 24 item 4).
rules.add_perm("accounts.view_own_sessions", is_signed_in)
