"""The champions page: champions by unit, what each has started, and the units with none."""

import re

from django.urls import reverse

from withus.accounts.models import Role
from withus.core.todo import todo_sections
from withus.improvement.tests.factories import ProjectFactory, TeamMemberFactory
from withus.opportunities.models import OpportunityStatus
from withus.opportunities.selectors import champions_report
from withus.opportunities.tests.factories import OpportunityFactory
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory


def _champion(trust, make_user, name, unit):
    user = make_user(Role.STAFF, unit=unit, full_name=name)
    person = PersonFactory(organisation=trust.organisation, user=user, full_name=name, kind=PersonKind.STAFF)
    person.champion_units.set([unit])
    return user, person


def test_champions_by_unit_what_they_started_and_units_with_none(trust, make_user, signed_in, lead):
    user, _ = _champion(trust, make_user, "Chloe Champion", trust.acute)
    OpportunityFactory(organisation=trust.organisation, unit=trust.willow, organiser=user)
    OpportunityFactory(
        organisation=trust.organisation, unit=trust.cedar, organiser=user, status=OpportunityStatus.REQUESTED
    )
    with_people = ProjectFactory(organisation=trust.organisation, created_by=user)
    TeamMemberFactory(project=with_people, person=PersonFactory(organisation=trust.organisation))
    ProjectFactory(organisation=trust.organisation, created_by=user)  # staff only: not counted
    report = champions_report(trust.organisation.pk)
    [(unit, [champion])] = report.by_unit
    assert (unit, champion.person.full_name, champion.requests, champion.projects) == (
        trust.acute,
        "Chloe Champion",
        2,
        1,
    )
    # Adult Acute covers Willow and Cedar beneath it; the rest have no champion.
    assert {unit.name for unit in report.without} == {
        "Riverside Mental Health",
        "Marsh Community Health",
        "Marsh District Nursing",
    }
    html = lead.client.get(reverse("opportunities:champions")).content.decode()
    assert "Chloe Champion" in html
    assert "3 wards, teams or services have no champion" in html
    assert re.search(r"<li>Marsh District Nursing</li>", html)


def test_champions_see_the_units_with_none_in_their_to_do(trust, make_user, signed_in):
    user, _ = _champion(trust, make_user, "Chloe Champion", trust.willow)
    html = signed_in(user).get(reverse("home")).content.decode()
    assert (
        f'<a href="{reverse("opportunities:champions")}">Wards, teams and services with no champion yet</a>: <strong>5'
        in html
    )
    plain = make_user(Role.STAFF, unit=trust.willow)
    items = [item.text for section in todo_sections(plain) for item in section.items]
    assert "Wards, teams and services with no champion yet" not in items


def test_nobody_named_yet(trust, lead):
    html = lead.client.get(reverse("opportunities:champions")).content.decode()
    assert "No one has been named as a champion yet." in html
    assert "6 wards, teams or services have no champion" in html


def test_the_champions_page_stays_bounded(trust, make_user, lead, django_assert_max_num_queries):
    for number in range(8):
        _champion(trust, make_user, f"Champion {number}", [trust.willow, trust.cedar, trust.nursing][number % 3])
    with django_assert_max_num_queries(14):
        lead.client.get(reverse("opportunities:champions"))
