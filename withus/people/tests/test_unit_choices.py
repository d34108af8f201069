"""Adding someone: the wards, teams and services are listed once, with a search box that narrows the list; the
champion choice is asked only under "Staff colleague"."""

import re
import uuid

from django.urls import reverse

from withus.people.models import Person
from withus.people.tests.test_add_person import _form


def test_the_units_are_listed_once_and_the_champion_choice_sits_under_staff(lead_client, trust):
    page = lead_client.get(reverse("people:add")).content.decode()
    units = page.index('name="units"')
    assert page.count('data-filter-choices="the wards, teams or services"') == 1
    assert page.count('data-filter-choices="the wards, teams or services they champion"') == 1
    assert "withus/filter-choices.js" in page
    conditional = re.search(r'<div class="nhsuk-radios__conditional[^"]*" id="([^"]+)">', page)
    assert conditional is not None
    staff_radio = re.search(r'<input[^>]*value="staff"[^>]*>', page).group(0)
    assert f'data-aria-controls="{conditional.group(1)}"' in staff_radio
    champion = page.index('name="champion_units"')
    assert conditional.start() < champion < units  # inside the staff answer, before the units question
    assert page.count(f'value="{trust.willow.pk}"') == 2  # once for the units, once (hidden) for champions


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
