"""Issue 21: a project lead adding someone to a QI team sees people's one-page profiles (what they are good at and
would like to learn) and can find people by a skill; a participant on the team does not see other people's."""

import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditEntry
from withus.people.models import MembershipStatus
from withus.people.tests.factories import PersonFactory
from withus.support.services import profile_save

pytestmark = pytest.mark.django_db


def test_profiles_are_listed_and_found_by_a_skill(qi_client, project, trust, make_user):
    actor = make_user(Role.PARTICIPATION_LEAD)
    dana = PersonFactory(organisation=trust.organisation, full_name="Dana Data")
    sam = PersonFactory(organisation=trust.organisation, full_name="Sam Speaker")
    gone = PersonFactory(organisation=trust.organisation, full_name="Gil Gone", status=MembershipStatus.LEFT)
    profile_save(person=dana, good_at=["Spreadsheets"], want_to_learn=["Run charts"], actor=actor)
    profile_save(person=sam, good_at=["Public speaking"], want_to_learn=["Data"], actor=actor)
    profile_save(person=gone, good_at=["Spreadsheets"], want_to_learn=[], actor=actor)
    url = reverse("improvement:team_add", args=[project.pk])
    page = qi_client.get(url).content.decode()
    assert "What people are good at and would like to learn" in page
    assert "Good at: Spreadsheets. Would like to learn: Run charts." in page
    assert "Sam Speaker" in page
    assert "Gil Gone" not in page
    found = qi_client.get(url, {"skill": "SPREAD"}).content.decode().split('id="profiles"')[1]
    assert "Dana Data" in found
    assert "Sam Speaker" not in found  # (still in the list of everyone to choose from, above)
    nobody = qi_client.get(url, {"skill": "juggling"}).content.decode()
    assert "Nobody&#39;s profile mentions" in nobody or "Nobody's profile mentions" in nobody
    assert AuditEntry.objects.filter(object_type="profiles").exists()


def test_a_participant_on_the_team_cannot_open_the_page_with_profiles(member_client, project, trust, make_user):
    person = PersonFactory(organisation=trust.organisation, full_name="Dana Data")
    profile_save(person=person, good_at=["Spreadsheets"], want_to_learn=[], actor=make_user(Role.PARTICIPATION_LEAD))
    assert member_client.get(reverse("improvement:team_add", args=[project.pk]), {"skill": "spread"}).status_code == 404
