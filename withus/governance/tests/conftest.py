import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from withus.accounts.models import Role
from withus.governance.services.panels import candidate_add, criterion_add, member_add, panel_agree, vacancy_create
from withus.governance.services.scores import score_sheet_submit
from withus.learning.models import CompletionHow, CourseCode
from withus.learning.services.courses import completion_record, courses_ensure_defaults
from withus.people.models import PersonKind


def _participant(trust, make_participant, name, email, kind=PersonKind.SERVICE_USER, trained=True):
    participant = make_participant(name, email=email, kind=kind, full_name=name)
    if trained:
        course = courses_ensure_defaults(organisation=trust.organisation)[CourseCode.RECRUITMENT_PANEL]
        completion_record(
            person=participant.person,
            course=course,
            completed_on=timezone.localdate() - datetime.timedelta(days=30),
            how=CompletionHow.ATTENDED,
            actor=None,
        )
    return participant


@pytest.fixture
def amara(trust, make_participant):
    return _participant(trust, make_participant, "Amara Bello", "amara@example.org")


@pytest.fixture
def ben(trust, make_participant):
    return _participant(trust, make_participant, "Ben Hughes", "ben@example.org", kind=PersonKind.CARER)


@pytest.fixture
def chen(trust, make_participant):
    """A service user without recruitment panel training."""
    return _participant(trust, make_participant, "Chen Li", "chen@example.org", trained=False)


@pytest.fixture
def staff(trust, make_user, signed_in):
    user = make_user(Role.STAFF, unit=trust.willow, full_name="Ellen Park", email="staff@example.org")
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def lead(trust, make_user, signed_in):
    user = make_user(Role.PARTICIPATION_LEAD, unit=trust.mental_health, full_name="Priya Shah")
    return SimpleNamespace(user=user, client=signed_in(user))


@pytest.fixture
def vacancy(trust, staff):
    """A Willow Ward vacancy in set-up: the staff member is recruiting manager."""
    return vacancy_create(
        organisation=trust.organisation,
        unit=trust.willow,
        job_title="Ward manager, Willow Ward",
        band="7",
        closing_date=timezone.localdate() + datetime.timedelta(days=7),
        interview_on=timezone.localdate() + datetime.timedelta(days=14),
        recruiting_manager=staff.user,
        actor=staff.user,
    )


@pytest.fixture
def panel(vacancy, staff, lead, amara):
    """A panel that has agreed its criteria: staff chairs, the lead and Amara score two candidates."""
    members = SimpleNamespace(
        staff=member_add(vacancy=vacancy, user=staff.user, is_chair=True, actor=staff.user),
        lead=member_add(vacancy=vacancy, user=lead.user, actor=staff.user),
        amara=member_add(vacancy=vacancy, user=amara.user, actor=staff.user),
    )
    essential = criterion_add(vacancy=vacancy, text="Involves service users", essential=True, actor=staff.user)
    desirable = criterion_add(vacancy=vacancy, text="QI experience", essential=False, actor=staff.user)
    first = candidate_add(vacancy=vacancy, reference="WW-001", initials="AB", actor=staff.user)
    second = candidate_add(vacancy=vacancy, reference="WW-002", initials="CD", actor=staff.user)
    panel_agree(vacancy=vacancy, actor=staff.user)
    vacancy.refresh_from_db()
    return SimpleNamespace(
        vacancy=vacancy, members=members, essential=essential, desirable=desirable, first=first, second=second
    )


def submit(panel, member, candidate, essential, desirable):
    return score_sheet_submit(
        vacancy=panel.vacancy,
        member=member,
        candidate=candidate,
        scores={panel.essential.pk: essential, panel.desirable.pk: desirable},
        actor=member.user,
    )
