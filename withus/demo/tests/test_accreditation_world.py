from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.accreditation.models import Award, Review, ReviewStatus, ScoringRule, Standard


def test_demo_accreditation_shows_gold_and_a_visit_for_amara(demo):
    assert Standard.objects.filter(theme__edition__organisation=demo).count() == 30
    assert ScoringRule.objects.filter(organisation=demo, is_published=True).count() == 2
    willow = Review.objects.get(organisation=demo, unit__code="WILLOW")
    assert willow.decision.award == Award.GOLD
    cedar = Review.objects.get(organisation=demo, unit__code="CEDAR")
    assert cedar.status == ReviewStatus.VISIT

    lead = Client()
    lead.force_login(User.objects.get(email="lead@demo.withus.local"))
    page = lead.get(reverse("accreditation:programme")).content.decode()
    assert "Willow Ward" in page
    assert "Gold" in page
    assert "Cedar Ward" in page

    amara = Client()
    amara.force_login(User.objects.get(email="amara@demo.withus.local"))
    rate = amara.get(reverse("accreditation:rate", args=[cedar.pk]))
    assert rate.status_code == 200
    assert "You have rated 0 of 30 standards" in rate.content.decode()
    assert amara.get(reverse("accreditation:review", args=[willow.pk])).status_code == 404
