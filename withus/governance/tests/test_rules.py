"""governance.rules: where a vacancy may be run, who leads a panel and who records its decision."""

from withus.accounts.models import Role
from withus.governance.services.panels import member_add


def test_vacancies_are_run_in_the_units_a_lead_or_recruiting_manager_covers(trust, make_user, staff, lead):
    assert staff.user.has_perm("governance.run_vacancy_in_unit", trust.willow)
    assert not staff.user.has_perm("governance.run_vacancy_in_unit", trust.cedar)
    assert lead.user.has_perm("governance.run_vacancy_in_unit", trust.cedar)
    assert not lead.user.has_perm("governance.run_vacancy_in_unit", trust.nursing)
    assert make_user(Role.ADMINISTRATOR).has_perm("governance.run_vacancy_in_unit", trust.nursing)
    assert not make_user(Role.IMPROVEMENT_ADVISOR).has_perm("governance.run_vacancy_in_unit", trust.willow)


def test_who_leads_a_panel_and_who_records_its_decision(trust, make_user, vacancy, staff, lead, amara):
    other_lead = make_user(Role.PARTICIPATION_LEAD, unit=trust.community)
    assert staff.user.has_perm("governance.lead_this_panel", vacancy)  # its recruiting manager
    assert lead.user.has_perm("governance.lead_this_panel", vacancy)  # a lead for its unit
    assert not other_lead.has_perm("governance.lead_this_panel", vacancy)
    member_add(vacancy=vacancy, user=amara.user, actor=staff.user)
    assert not amara.user.has_perm("governance.lead_this_panel", vacancy)  # a member, not running it
    assert staff.user.has_perm("governance.record_this_decision", vacancy)  # the recruiting manager
    assert not lead.user.has_perm("governance.record_this_decision", vacancy)
    member_add(vacancy=vacancy, user=lead.user, is_chair=True, actor=staff.user)
    assert lead.user.has_perm("governance.record_this_decision", vacancy)  # now the chair
    assert not amara.user.has_perm("governance.record_this_decision", vacancy)
