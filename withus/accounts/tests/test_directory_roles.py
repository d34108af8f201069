"""The trust's table of directory app roles (/accounts/directory-roles/, issue 24 item 2): administrators add and
remove rows, audited; bad input is refused kindly and nothing is saved."""

import pytest
from django.urls import reverse

from withus.accounts.models import DirectoryRoleMapping, Role
from withus.core.models import AuditEntry
from withus.organisations.tests.factories import OrganisationFactory

PAGE = reverse("accounts:directory_roles")


@pytest.fixture
def admin(make_user, signed_in):
    user = make_user(Role.ADMINISTRATOR)
    user.client = signed_in(user)
    return user


def test_an_administrator_adds_an_app_role_for_a_unit_and_removes_it(admin, trust):
    response = admin.client.post(
        PAGE, {"app_role": " WithUs.Lead ", "role": Role.PARTICIPATION_LEAD, "where": trust.willow.pk}
    )
    assert response.status_code == 302
    mapping = DirectoryRoleMapping.objects.get()
    assert (mapping.app_role, mapping.role, mapping.unit_id) == (
        "WithUs.Lead",
        Role.PARTICIPATION_LEAD,
        trust.willow.pk,
    )
    page = admin.client.get(PAGE).content.decode()
    assert "WithUs.Lead" in page
    assert "Willow Ward" in page
    assert admin.client.post(reverse("accounts:directory_role_remove", args=[mapping.pk])).status_code == 302
    assert not DirectoryRoleMapping.objects.exists()
    assert AuditEntry.objects.filter(object_label__startswith="Directory role mapping").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"app_role": "", "role": Role.STAFF, "where": "trust"}, "Enter the app role"),
        ({"app_role": "With Us", "role": Role.STAFF, "where": "trust"}, "with no spaces"),
        ({"app_role": "WithUs.X", "role": Role.PARTICIPANT, "where": "trust"}, "Select a role from the list"),
        ({"app_role": "WithUs.X", "role": "", "where": "trust"}, "Select the WithUs role"),
        ({"app_role": "WithUs.X", "role": Role.STAFF, "where": "not-a-unit"}, "Select a unit from the list"),
        ({"app_role": "x" * 121, "role": Role.STAFF, "where": "trust"}, "120 characters or fewer"),
    ],
)
def test_bad_input_is_refused_kindly(admin, data, message):
    response = admin.client.post(PAGE, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert message in text
    assert not DirectoryRoleMapping.objects.exists()


def test_the_same_row_twice_is_refused(admin):
    data = {"app_role": "WithUs.Finance", "role": Role.FINANCE_APPROVER, "where": "trust"}
    admin.client.post(PAGE, data)
    response = admin.client.post(PAGE, data)
    assert "already gives this role there" in response.content.decode()
    assert DirectoryRoleMapping.objects.count() == 1


def test_another_trusts_row_is_not_found(admin):
    elsewhere = DirectoryRoleMapping.objects.create(
        organisation=OrganisationFactory(name="Another NHS Trust"), app_role="X", role=Role.STAFF
    )
    assert admin.client.post(reverse("accounts:directory_role_remove", args=[elsewhere.pk])).status_code == 404
    assert DirectoryRoleMapping.objects.filter(pk=elsewhere.pk).exists()
