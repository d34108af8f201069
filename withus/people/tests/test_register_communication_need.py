"""The register's filter by communication need (the Accessible Information Standard, ADR 41, issue 26): only the
people with that need, scoped as the register is, with a bounded number of queries; a value not on the list is
refused with a message rather than listing everyone as if they had it."""

import pytest
from django.urls import reverse

from withus.people.models import CommunicationNeed, MembershipStatus, Person
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NAMES = ("Amara Bello", "Ben Hughes", "Chen Li", "Dee Reader", "Eve Caller")


@pytest.fixture
def people(trust):
    organisation = trust.organisation
    PersonFactory(
        organisation=organisation,
        full_name="Amara Bello",
        units=[trust.willow],
        communication_needs=["easy_read", "large_print"],
    )
    PersonFactory(
        organisation=organisation, full_name="Ben Hughes", units=[trust.nursing], communication_needs=["braille"]
    )
    PersonFactory(organisation=organisation, full_name="Chen Li", status=MembershipStatus.ENQUIRY)
    PersonFactory(
        organisation=organisation,
        full_name="Dee Reader",
        units=[trust.willow],
        status=MembershipStatus.PAUSED,
        communication_needs=["read_with"],
    )
    PersonFactory(
        organisation=organisation, full_name="Eve Caller", units=[trust.willow], communication_needs=["phone"]
    )


def _names(response) -> list[str]:
    assert response.status_code == 200
    html = response.content.decode()
    return [name for name in NAMES if name in html]


@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("easy_read", ["Amara Bello"]),
        ("large_print", ["Amara Bello"]),
        ("braille", ["Ben Hughes"]),
        ("read_with", ["Dee Reader"]),
        ("phone", ["Eve Caller"]),
        ("audio", []),
        ("", list(NAMES)),
    ],
)
def test_the_filter_lists_only_people_with_that_need(lead_client, people, need, expected):
    assert _names(lead_client.get(reverse("people:register"), {"communication_need": need})) == expected


def test_the_filter_is_offered_with_every_need(lead_client, people):
    page = lead_client.get(reverse("people:register")).content.decode()
    label = page.split('for="id_communication_need">')[1].split("</label>", maxsplit=1)[0]
    assert label.strip() == "Communication need"
    assert 'name="communication_need"' in page
    for need in CommunicationNeed:
        assert f'value="{need.value}"' in page


def test_it_works_with_the_other_filters(lead_client, people):
    response = lead_client.get(reverse("people:register"), {"communication_need": "read_with", "status": "active"})
    assert _names(response) == []
    response = lead_client.get(reverse("people:register"), {"communication_need": "read_with", "status": "paused"})
    assert _names(response) == ["Dee Reader"]


def test_it_is_scoped_as_the_register_is(scoped_lead_client, people):
    # Ben is connected with a unit outside this lead's part of the trust.
    assert _names(scoped_lead_client.get(reverse("people:register"), {"communication_need": "braille"})) == []
    assert _names(scoped_lead_client.get(reverse("people:register"), {"communication_need": "easy_read"})) == [
        "Amara Bello"
    ]


def test_the_export_uses_the_same_filter(lead_client, people):
    body = lead_client.get(reverse("people:register_export"), {"communication_need": "braille"}).content.decode()
    assert "Ben Hughes" in body
    assert "Amara Bello" not in body


@pytest.mark.parametrize("bad", ["nonsense", "easy", '"braille"', "braille%", "EASY_READ"])
def test_a_need_not_on_the_list_is_refused_with_a_message_not_ignored(lead_client, people, bad):
    response = lead_client.get(reverse("people:register"), {"communication_need": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a communication need from the list" in page
    assert _names(response) == []


def test_the_queryset_finds_nobody_for_a_code_not_on_the_list(people):
    assert not Person.objects.with_communication_need("nonsense").exists()
    assert not Person.objects.with_communication_need("easy").exists()
    assert list(Person.objects.with_communication_need("braille").values_list("full_name", flat=True)) == ["Ben Hughes"]


@pytest.mark.parametrize("size", [10, 60])
def test_the_filtered_register_uses_a_bounded_number_of_queries(
    scoped_lead_client, trust, people, size, django_assert_max_num_queries
):
    for person in PersonFactory.create_batch(size, organisation=trust.organisation, communication_needs=["audio"]):
        person.units.add(trust.willow, trust.cedar)
    with django_assert_max_num_queries(15):
        response = scoped_lead_client.get(
            reverse("people:register"), {"communication_need": "audio", "status": "active", "q": "a"}
        )
    assert response.status_code == 200
