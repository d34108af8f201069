"""Reasonable adjustments travel to interview panels (issue 21): whoever runs the panel sees its members'
adjustments to plan for, never the rest of their support plans; a member who does not run it sees none."""

from django.urls import reverse

from withus.support.services import plan_save


def test_the_panel_chair_sees_the_members_adjustments_only(panel, staff, amara):
    plan_save(
        person=amara.person,
        values={"adjustments": ["transport", "breaks"], "what_helps": "Quiet room beforehand"},
        actor=amara.user,
    )
    page = staff.client.get(reverse("governance:vacancy", args=[panel.vacancy.pk])).content.decode()
    assert "Adjustments to plan for" in page
    assert "Amara Bello: Transport to and from the meeting; Regular breaks" in page
    assert "Quiet room beforehand" not in page
    own = amara.client.get(reverse("governance:vacancy", args=[panel.vacancy.pk])).content.decode()
    assert "Adjustments to plan for" not in own


def test_a_panel_without_adjustments_says_so(panel, staff):
    page = staff.client.get(reverse("governance:vacancy", args=[panel.vacancy.pk])).content.decode()
    assert "No panel member has asked for an adjustment." in page
