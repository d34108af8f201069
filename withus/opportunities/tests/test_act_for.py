"""Acting for someone (issue 26 item 5): a lead says Chen is interested while Chen is on the phone. The interest is
Chen's; one on-behalf record says who did it, for whom and how Chen agreed, on Chen's pages and in the audit log."""

import pytest
from django.urls import reverse

from withus.accounts.models import Role
from withus.core.models import AuditEntry
from withus.opportunities.models import ExpressionOfInterest
from withus.people.models import OnBehalfAction


@pytest.fixture
def chen(make_participant):
    return make_participant("Chen Li")


@pytest.fixture
def priya(make_user, signed_in):
    user = make_user(Role.PARTICIPATION_LEAD, full_name="Priya Shah", email="priya@example.org")
    return signed_in(user)


def _post(client, person, **data):
    return client.post(reverse("opportunities:interest_for", kwargs={"person_id": person.pk}), data)


def test_a_lead_says_chen_is_interested_and_chen_sees_it_was_done_for_them(priya, chen, opportunity):
    page = priya.get(reverse("opportunities:interest_for", kwargs={"person_id": chen.person.pk})).content.decode()
    assert opportunity.title in page

    response = _post(priya, chen.person, opportunity=str(opportunity.pk), how_agreed="on the phone", person_agreed="on")

    assert response.status_code == 302
    interest = ExpressionOfInterest.objects.get(opportunity=opportunity, person=chen.person)
    action = OnBehalfAction.objects.get(person=chen.person, object_id=str(interest.pk))
    assert action.how_agreed == "on the phone"
    expected = (
        f"Done by Priya Shah for Chen Li, who agreed on the phone: Said they are interested in {opportunity.title}"
    )
    assert AuditEntry.objects.get(object_type="on_behalf_action", object_id=str(action.pk)).object_label == expected
    chens_page = chen.client.get(reverse("involvement:my_involvement")).content.decode()
    assert expected in chens_page
    assert (
        "done by Priya Shah for Chen Li, who agreed on the phone"
        in chen.client.get(reverse("people:me")).content.decode()
    )


def test_without_their_agreement_nothing_is_saved(priya, chen, opportunity):
    response = _post(priya, chen.person, opportunity=str(opportunity.pk), how_agreed="on the phone")

    assert response.status_code == 200
    assert "Confirm that Chen Li agreed to you doing this for them" in response.content.decode()
    assert not ExpressionOfInterest.objects.filter(person=chen.person).exists()
    assert not OnBehalfAction.objects.filter(person=chen.person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"opportunity": "", "how_agreed": "on the phone", "person_agreed": "on"}, "Choose the opportunity"),
        ({"opportunity": "not-one", "how_agreed": "on the phone", "person_agreed": "on"}, "Choose one of the"),
        ({"person_agreed": "on"}, "Say how they agreed to you doing this for them"),
        ({"how_agreed": "by carrier pigeon", "person_agreed": "on"}, "Choose how they agreed from the list"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_saved(priya, chen, opportunity, data, message):
    data = {"opportunity": str(opportunity.pk), **data}
    response = _post(priya, chen.person, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExpressionOfInterest.objects.filter(person=chen.person).exists()


def test_an_opportunity_they_are_already_interested_in_is_not_offered_again(priya, chen, opportunity):
    _post(priya, chen.person, opportunity=str(opportunity.pk), how_agreed="in person", person_agreed="on")
    page = priya.get(reverse("opportunities:interest_for", kwargs={"person_id": chen.person.pk})).content.decode()
    assert f'value="{opportunity.pk}"' not in page  # not offered (its title is in the "now interested" banner)
    assert "There are no open opportunities Chen Li can take part in just now." in page
