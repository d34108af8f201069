from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from withus.accounts.models import Role
from withus.accounts.tests.factories import UserFactory
from withus.accreditation.models import Rating, ReviewStatus
from withus.accreditation.services.reviews import rating_record, review_advance
from withus.accreditation.tests.builders import build, to_final_panel
from withus.accreditation.tests.test_services import at_visit, rate_all
from withus.people.models import PersonKind
from withus.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_programme_lists_units_with_the_review_in_progress(django_assert_max_num_queries):
    w = build()
    review = at_visit(w)
    client = signed_in(w.lead)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("accreditation:programme"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Willow Ward" in page
    assert reverse("accreditation:review", args=[review.pk]) in page


def test_assessor_rates_alone_and_another_review_is_404():
    w = build()
    review = at_visit(w)
    rating_record(
        review=review, standard=w.standards[0], source="assessor", value="not_met", assessor=w.ben, actor=w.lead
    )
    client = signed_in(w.amara.user)
    url = reverse("accreditation:rate", args=[review.pk])
    page = client.get(url).content.decode()
    assert "You have rated 0 of 6 standards" in page
    first, second = w.standards[:2]
    response = client.post(
        url, {f"value_{first.pk}": "met", f"notes_{first.pk}": "Seen", f"value_{second.pk}": "partly"}
    )
    assert response.status_code == 302
    assert set(Rating.objects.filter(assessor=w.amara).values_list("value", flat=True)) == {"met", "partly"}
    assert "You have rated 2 of 6 standards" in client.get(url).content.decode()
    # Ben's rating is not shown to Amara on her own page, and a review she is not on is not found.
    other_lead = UserFactory(organisation=w.organisation, roles=[(Role.PARTICIPATION_LEAD, None)])
    from withus.accreditation.services.reviews import review_register

    elsewhere = review_register(programme=w.programme, unit=w.other, actor=other_lead)
    assert client.get(reverse("accreditation:rate", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("accreditation:review", args=[elsewhere.pk])).status_code == 404


def test_a_bad_rating_saves_nothing():
    w = build()
    review = at_visit(w)
    client = signed_in(w.amara.user)
    first, second = w.standards[:2]
    response = client.post(
        reverse("accreditation:rate", args=[review.pk]), {f"value_{first.pk}": "met", f"value_{second.pk}": "superb"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Rating.objects.filter(assessor=w.amara).exists()


def test_ratings_after_the_decision_are_refused_on_the_page():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met"] * 6)
    to_final_panel(w, review)
    client = signed_in(w.lead)
    chair_staff = PersonFactory(organisation=w.organisation, kind=PersonKind.STAFF)
    decide = reverse("accreditation:decide", args=[review.pk])
    response = client.post(decide, {"chair": chair_staff.pk, "outcome": "award"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()  # staff are not offered as chair
    response = client.post(decide, {"chair": w.ben.pk, "outcome": "defer"})
    assert "Say what the unit must show" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PANEL
    response = client.post(decide, {"chair": w.ben.pk, "outcome": "award"})
    assert response.status_code == 302
    page = client.get(reverse("accreditation:review", args=[review.pk])).content.decode()
    assert "Gold" in page
    assert "CCQI, version 1" in page
    response = signed_in(w.amara.user).post(
        reverse("accreditation:rate", args=[review.pk]), {f"value_{w.standards[0].pk}": "not_met"}
    )
    assert "has been decided" in response.content.decode()
    assert not Rating.objects.filter(review=review, value="not_met").exists()


def test_review_page_shows_self_and_assessor_side_by_side_in_bounded_queries(django_assert_max_num_queries):
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met", "met", "partly", "met", "met", "not_met"])
    client = signed_in(w.lead)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("accreditation:review", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(w.amara.full_name) in page
    assert "What each rule would give" in page
    assert "Partly met" in page


def test_my_visits_lists_the_visit_with_ratings_to_enter_and_my_involvement_links_to_it():
    w = build()
    review = at_visit(w)
    client = signed_in(w.amara.user)
    page = client.get(reverse("accreditation:mine")).content.decode()
    assert "Willow Ward" in page
    assert reverse("accreditation:rate", args=[review.pk]) in page
    assert reverse("accreditation:mine") in client.get(reverse("involvement:my_involvement")).content.decode()


def test_lead_agrees_differing_ratings_with_a_reason_then_the_panel_can_decide():
    w = build()
    review = at_visit(w)
    rate_all(w, review, ["met"] * 6)
    differing = w.standards[2]
    rating_record(review=review, standard=differing, source="assessor", value="partly", assessor=w.ben, actor=w.lead)
    client = signed_in(w.lead)
    url = reverse("accreditation:agree", args=[review.pk])
    page = client.get(url).content.decode()
    assert differing.code in page
    assert w.standards[0].text not in page  # the assessors agree on it
    response = client.post(url, {f"value_{differing.pk}": "met"})
    assert "Give the reason for the agreed rating of 1.3" in response.content.decode()
    assert not Rating.objects.filter(review=review, source="consensus").exists()
    response = client.post(url, {f"value_{differing.pk}": "met", f"notes_{differing.pk}": "Seen on the ward"})
    assert response.status_code == 302
    to_final_panel(w, review)
    response = client.post(reverse("accreditation:decide", args=[review.pk]), {"chair": w.amara.pk, "outcome": "award"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision.award == "gold"


def test_the_unit_team_enters_its_self_review_before_the_visit_only():
    w = build()
    from withus.accreditation.services.reviews import review_register

    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    staff = signed_in(UserFactory(organisation=w.organisation, roles=[(Role.STAFF, w.ward)]))
    url = reverse("accreditation:self_review", args=[review.pk])
    first = w.standards[0]
    response = staff.post(url, {f"value_{first.pk}": "partly", f"notes_{first.pk}": "Care plans audit, May"})
    assert response.status_code == 302
    rating = Rating.objects.get(review=review, source="self")
    assert (rating.value, rating.notes) == ("partly", "Care plans audit, May")
    elsewhere = signed_in(UserFactory(organisation=w.organisation, roles=[(Role.STAFF, w.other)]))
    assert elsewhere.get(url).status_code == 404
    review = at_visit_from(w, review)
    response = staff.post(url, {f"value_{first.pk}": "met"})
    assert "not taken while the review is at visit" in response.content.decode()
    assert Rating.objects.get(review=review, source="self").value == "partly"


def at_visit_from(w, review):
    from withus.accreditation.services.reviews import team_member_add

    team_member_add(review=review, person=w.amara, is_lead=True, actor=w.lead)
    team_member_add(review=review, person=w.ben, actor=w.lead)
    review_advance(review=review, actor=w.lead)
    return review_advance(review=review, actor=w.lead)


def test_team_page_refuses_a_conflict_with_the_reason_and_adds_a_trained_assessor(django_assert_max_num_queries):
    w = build()
    from withus.accreditation.services.reviews import review_register

    review = review_register(programme=w.programme, unit=w.ward, actor=w.lead)
    client = signed_in(w.lead)
    url = reverse("accreditation:team", args=[review.pk])
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert f"Cannot assess: Belongs to {w.ward.name}" in page
    assert escape(w.untrained.full_name) not in page
    response = client.post(url, {"person": w.insider.pk})
    assert "Nobody assesses their own unit" in response.content.decode()
    response = client.post(url, {"person": w.untrained.pk})
    assert "Select a valid choice" in response.content.decode()
    assert not review.team.exists()
    assert client.post(url, {"person": w.amara.pk, "is_lead": "on"}).status_code == 302
    assert review.team.get().is_lead


def test_registering_a_unit_with_a_review_in_progress_is_refused():
    w = build()
    client = signed_in(w.lead)
    url = reverse("accreditation:new")
    response = client.post(url, {"programme": w.programme.pk, "unit": w.ward.pk})
    assert response.status_code == 302
    response = client.post(url, {"programme": w.programme.pk, "unit": w.ward.pk})
    assert "Willow Ward already has a review in progress" in response.content.decode()
    assert w.programme.reviews.count() == 1
