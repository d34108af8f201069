from django.test import Client
from django.urls import reverse

from withus.accounts.models import User
from withus.accreditation.models import Award, Review, ReviewStatus, ScoringRule, Standard


def test_demo_accreditation_shows_gold_and_a_visit_for_amara(demo):
    assert Standard.objects.filter(theme__edition__organisation=demo, theme__edition__number=1).count() == 30
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


def test_demo_accreditation_has_silver_a_deferral_with_a_qi_project_and_an_overdue_interim(demo):
    from withus.accreditation.models import Action
    from withus.accreditation.selectors import programme_overview

    birch = Review.objects.get(organisation=demo, unit__code="BIRCH")
    assert birch.decision.award == Award.SILVER
    hawthorn = Review.objects.get(organisation=demo, unit__code="HAWTHORN")
    assert hawthorn.decision.award == Award.DEFERRED
    action = Action.objects.get(review=hawthorn, project__isnull=False)
    assert action.project.units.get().code == "HAWTHORN"
    lead_user = User.objects.get(email="lead@demo.withus.local")
    overdue = programme_overview(lead_user)["overdue"]
    assert [row["unit"].name for row in overdue] == ["Riverside CMHT North"]

    lead = Client()
    lead.force_login(lead_user)
    page = lead.get(reverse("accreditation:review", args=[hawthorn.pk])).content.decode()
    assert action.project.title.replace("’", "&#39;") in page or "QI project:" in page
    assert "New patients given the welcome information on their first day" in page
    programme = lead.get(reverse("accreditation:programme")).content.decode()
    assert "Silver" in programme
    assert "Interim reviews overdue" in programme
    assert "Riverside CMHT North (Bronze)" in programme


def test_demo_has_a_draft_next_edition_in_review_with_a_few_changes(demo):
    """Issue 18 item 1 (ADR 35): edition 2 of the ward standards, drafted from edition 1 and sent for review, with
    one standard reworded, one made essential, one evidenced differently, one new and one taken out."""
    from withus.accreditation.editions import edition_changes
    from withus.accreditation.models import Edition, EditionStatus
    from withus.demo.accreditation_world import build_accreditation

    edition = Edition.objects.get(organisation=demo, number=2)
    assert edition.status == EditionStatus.REVIEW
    assert edition.based_on.number == 1
    changes = edition_changes(edition)
    assert [change.after.code for change in changes.added] == ["3.6"]
    assert {change.after.code: change.fields for change in changes.changed} == {
        "2.3": ["text"],
        "3.5": ["type"],
        "5.2": ["guidance", "evidenced_by"],
    }
    assert [change.before.code for change in changes.removed] == ["5.4"]
    # Running the demo again changes nothing.
    assert build_accreditation(trust=demo)["next_edition"] == 0
    assert Edition.objects.filter(organisation=demo).count() == 2

    for email in ("lead@demo.withus.local", "admin@demo.withus.local"):
        client = Client()
        client.force_login(User.objects.get(email=email))
        page = client.get(reverse("accreditation:standards")).content.decode()
        assert "Edition 2 is in review." in page
        page = client.get(reverse("accreditation:edition", args=[edition.pk])).content.decode()
        assert "I can keep my phone and stay in touch with the people who matter to me" in page
        assert "Publish edition 2" in page
