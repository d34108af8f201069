"""The selection page flags each interested person's communication needs (the Accessible Information Standard,
issue 26 item 2, ADR 41), so whoever chooses and contacts them can plan for them."""

import pytest
from django.urls import reverse

from withus.opportunities.selection import candidates
from withus.opportunities.tests.factories import ResponseFactory
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_selection_shows_communication_needs(trust, opportunity, lead, django_assert_max_num_queries):
    deaf = PersonFactory(organisation=trust.organisation, full_name="Dee Signer", communication_needs=["bsl"])
    speaks = PersonFactory(
        organisation=trust.organisation,
        full_name="Sam Speaker",
        communication_needs=["spoken_language"],
        communication_language="Turkish",
    )
    none = PersonFactory(organisation=trust.organisation, full_name="Nia None")
    for person in (deaf, speaks, none):
        ResponseFactory(opportunity=opportunity, person=person)

    flags = {row.full_name: row.communication for row in candidates(opportunity)}
    assert flags == {"Dee Signer": ["BSL interpreter"], "Sam Speaker": ["Interpreter: Turkish"], "Nia None": []}

    with django_assert_max_num_queries(40):
        page = lead.client.get(reverse("opportunities:selection", args=[opportunity.pk])).content.decode()
    assert "Communication need: </span>BSL interpreter" in page
    assert "Interpreter: Turkish" in page
    assert page.count("nhsuk-tag--purple") == 2
