import re

import pytest
from django.urls import reverse

from withus.people.models import Interest, MembershipStatus, Need, NeedCategory, PersonKind
from withus.people.tests.factories import PersonFactory


@pytest.fixture
def register(trust):
    organisation = trust.organisation
    qi = Interest.objects.create(organisation=organisation, name="Quality improvement")
    print_need = Need.objects.create(organisation=organisation, name="Large print", category=NeedCategory.COMMUNICATION)
    amara = PersonFactory(
        organisation=organisation, full_name="Amara Bello", preferred_name="Amara", units=[trust.willow]
    )
    amara.interests.add(qi)
    amara.needs.add(print_need)
    PersonFactory(
        organisation=organisation,
        full_name="Ben Hughes",
        kind=PersonKind.CARER,
        status=MembershipStatus.PAUSED,
        units=[trust.nursing],
    )
    PersonFactory(organisation=organisation, full_name="Chen Li", status=MembershipStatus.ENQUIRY)
    return {"qi": qi, "print": print_need}


def _names_on(response) -> list[str]:
    html = response.content.decode()
    return [name for name in ("Amara Bello", "Ben Hughes", "Chen Li") if name in html]


def test_search_by_name(lead_client, register):
    assert _names_on(lead_client.get(reverse("people:register"), {"q": "amara"})) == ["Amara Bello"]
    assert _names_on(lead_client.get(reverse("people:register"), {"q": "hughes ben"})) == ["Ben Hughes"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "paused"}, ["Ben Hughes"]),
        ({"kind": "carer"}, ["Ben Hughes"]),
        ({"status": "enquiry", "kind": "service_user"}, ["Chen Li"]),
    ],
)
def test_filters(lead_client, register, params, expected):
    assert _names_on(lead_client.get(reverse("people:register"), params)) == expected


def test_filter_by_unit_includes_the_units_beneath(lead_client, register, trust):
    response = lead_client.get(reverse("people:register"), {"unit": str(trust.mental_health.pk)})
    assert _names_on(response) == ["Amara Bello"]


def test_filter_by_interest_and_need(lead_client, register):
    assert _names_on(lead_client.get(reverse("people:register"), {"interest": str(register["qi"].pk)})) == [
        "Amara Bello"
    ]
    assert _names_on(lead_client.get(reverse("people:register"), {"need": str(register["print"].pk)})) == [
        "Amara Bello"
    ]


def test_unknown_filter_values_are_ignored_not_crashed(lead_client, register):
    response = lead_client.get(reverse("people:register"), {"status": "nonsense", "unit": "not-a-unit", "page": "x"})
    assert response.status_code == 200


def test_html_typed_into_a_name_is_shown_as_text(lead_client, trust):
    PersonFactory(organisation=trust.organisation, full_name="<script>alert('x')</script>")
    html = lead_client.get(reverse("people:register")).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_paginated_with_25_a_page(lead_client, trust):
    PersonFactory.create_batch(30, organisation=trust.organisation)
    first = lead_client.get(reverse("people:register")).content.decode()
    assert "30 people" in first
    assert "Page 1 of 2" in first
    second = lead_client.get(reverse("people:register"), {"page": 2}).content.decode()
    assert len(re.findall(r'href="/people/[0-9a-f-]{36}/"', second)) == 5


@pytest.mark.parametrize("size", [10, 60])
@pytest.mark.parametrize("params", [{}, {"q": "a", "status": "active", "kind": "service_user"}])
def test_the_register_uses_a_bounded_number_of_queries(
    scoped_lead_client, trust, register, size, params, django_assert_max_num_queries
):
    people = PersonFactory.create_batch(size, organisation=trust.organisation)
    for person in people:
        person.units.add(trust.willow, trust.cedar)
    interest, need = register["qi"], register["print"]
    params = {**params, "unit": str(trust.acute.pk), "interest": str(interest.pk), "need": str(need.pk)}
    with django_assert_max_num_queries(15):
        response = scoped_lead_client.get(reverse("people:register"), params)
    assert response.status_code == 200


def test_participants_cannot_open_the_register(signed_in, make_user, register):
    from withus.accounts.models import Role

    assert signed_in(make_user(Role.PARTICIPANT)).get(reverse("people:register")).status_code == 403
