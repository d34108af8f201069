"""Reasonable adjustments travel to accreditation visits (issue 21): whoever runs the review sees the visit team's
adjustments until the visit is over; nothing else of their support plans; assessors themselves see none."""

import pytest
from django.test import Client
from django.urls import reverse

from withus.accreditation.services.reviews import review_advance, review_register, team_member_add
from withus.accreditation.tests.builders import build
from withus.support.services import plan_save

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lead_plans_the_visit_for_the_teams_adjustments():
    w = build()
    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    lead = signed_in(w.lead)
    url = reverse("accreditation:review", args=[review.pk])
    assert "Choose the visit team to see the adjustments" in lead.get(url).content.decode()
    plan_save(person=w.amara, values={"adjustments": ["transport"], "early_signs": "Goes quiet"}, actor=w.amara.user)
    team_member_add(review=review, person=w.amara, is_lead=True, actor=w.lead)
    team_member_add(review=review, person=w.ben, actor=w.lead)
    page = lead.get(url).content.decode()
    assert "Adjustments to plan for the visit" in page
    assert f"{w.amara.full_name}: Transport to and from the meeting" in page
    assert "Goes quiet" not in page
    assessor = signed_in(w.amara.user).get(url).content.decode()
    assert "Adjustments to plan for the visit" not in assessor
    review_advance(review=review, actor=w.lead)  # self-review
    review_advance(review=review, actor=w.lead)  # the visit
    assert "Adjustments to plan for the visit" in lead.get(url).content.decode()
    review_advance(review=review, actor=w.lead)  # the report: the visit is over
    assert "Adjustments to plan for the visit" not in lead.get(url).content.decode()
