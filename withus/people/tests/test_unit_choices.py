"""Adding someone: the wards, teams and services have a search box that narrows the list; the champion choice is
shown only when "Staff colleague" is chosen (both by a small script; without it, the lists work in full)."""

import re
import uuid

from django.urls import reverse

from withus.people.models import Person
from withus.people.tests.test_add_person import _form


def test_the_units_have_a_search_box_and_the_champion_choice_is_for_staff(lead_client, trust):
    page = lead_client.get(reverse("people:add")).content.decode()
    assert page.count('data-filter-choices="the wards, teams or services"') == 1
    champion = re.search(
        r'<div class="nhsuk-form-group"[^>]*data-filter-choices="the wards, teams or services '
        r'they champion"[^>]*>',
        page,
    )
    assert champion is not None
    assert 'data-shown-for-kind="staff"' in champion.group(0)
    assert "withus/filter-choices.js" in page
    assert page.index('name="units"') < champion.start()


def test_a_staff_champion_is_saved_and_champion_boxes_left_ticked_for_a_carer_are_dropped(lead_client, trust):
    willow = str(trust.willow.pk)
    staff = _form(kind="staff", full_name="Ellen Park", units=[willow], champion_units=[willow])
    assert lead_client.post(reverse("people:add"), staff).status_code == 302
    ellen = Person.objects.get(full_name="Ellen Park")
    assert list(ellen.champion_units.all()) == [trust.willow]
    carer = _form(
        kind="carer",
        full_name="Ben Hughes",
        email="ben@example.org",
        submission_key=str(uuid.uuid4()),
        units=[willow],
        champion_units=[willow],
    )
    assert lead_client.post(reverse("people:add"), carer).status_code == 302
    ben = Person.objects.get(full_name="Ben Hughes")
    assert list(ben.units.all()) == [trust.willow]
    assert not ben.champion_units.exists()


def test_a_unit_from_outside_the_list_is_refused(lead_client, trust):
    response = lead_client.post(reverse("people:add"), _form(units=[str(uuid.uuid4())]))
    assert response.status_code == 200
    assert not Person.objects.exists()
