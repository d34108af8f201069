"""What a trust publishes (issue 14 item 8): privacy notice and accessibility statement filled from a settings page,
the People Participation team's contact details on every participant page, and a feedback link that works."""

import pytest
from django.test import Client
from django.urls import reverse

from withus.core.models import AuditAction, AuditEntry
from withus.organisations.models import TrustInformation
from withus.organisations.tests.factories import OrganisationFactory

URL = reverse("organisations:trust_information")
FILLED = {
    "team_name": "People Participation team",
    "team_phone": "020 7946 0000",
    "team_email": "participation@riverside.nhs.uk",
    "team_hours": "Monday to Friday, 9am to 5pm",
    "feedback_url": "https://www.riverside.nhs.uk/withus-feedback",
    "controller": "Riverside and Marsh NHS Foundation Trust\n1 River Road, London E1 1AA",
    "dpo_name": "Jo Adeyemi",
    "dpo_email": "dpo@riverside.nhs.uk",
    "dpo_phone": "020 7946 0001",
    "lawful_basis_details": "UK GDPR Article 6(1)(e): a task in the public interest",
    "lawful_basis_special": "UK GDPR Article 9(2)(h): health and social care",
    "lawful_basis_payments": "UK GDPR Article 6(1)(c): a legal obligation (tax)",
    "lawful_basis_stories": "UK GDPR Article 6(1)(a) and 9(2)(a): your consent",
    "retention": "Payments: 6 years after the tax year\nEverything else: 3 years after you were last involved",
    "ico_complaint": "Complain to the ICO at https://ico.org.uk/make-a-complaint/",
    "wcag_status": "partial",
    "known_problems": "Charts are images <b>with</b> a table beside them\nPDF certificates may not work everywhere",
    "report_problem": "E-mail participation@riverside.nhs.uk",
    "enforcement": "The Equality and Human Rights Commission enforces the regulations.",
    "statement_prepared_on_day": "1",
    "statement_prepared_on_month": "9",
    "statement_prepared_on_year": "2026",
    "statement_reviewed_on_day": "1",
    "statement_reviewed_on_month": "12",
    "statement_reviewed_on_year": "2026",
}


def test_an_administrator_fills_in_the_published_information(admin_client, trust, amara):
    response = admin_client.post(URL, FILLED)
    assert response.status_code == 302
    information = TrustInformation.objects.get(organisation=trust.organisation)
    assert information.dpo_email == "dpo@riverside.nhs.uk"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="trust_information")
    assert "dpo_email" in entry.changed_fields

    privacy = Client().get(reverse("privacy")).content.decode()  # public, and about the only trust
    expected = ("Jo Adeyemi", "dpo@riverside.nhs.uk", "Article 9(2)(h)", "<li>Payments: 6 years after the tax year")
    for text in (*expected, "1 River Road", "ico.org.uk"):
        assert text in privacy
    statement = Client().get(reverse("accessibility")).content.decode()
    assert "partially compliant with the" in statement
    assert "<li>Charts are images &lt;b&gt;with&lt;/b&gt; a table beside them</li>" in statement
    assert "Equality and Human Rights Commission" in statement
    assert "prepared on 1 September 2026" in statement
    assert "last reviewed on 1 December 2026" in statement

    me = amara.client.get(reverse("people:me")).content.decode()
    assert "withus-team-contact" in me
    assert "020 7946 0000" in me
    assert "Monday to Friday, 9am to 5pm" in me
    assert 'href="/feedback/">feedback</a>' in me
    assert "@localhost" not in me
    feedback = amara.client.get(reverse("feedback"))
    assert feedback.status_code == 302
    assert feedback["Location"] == "https://www.riverside.nhs.uk/withus-feedback"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"team_email": "participation@"}, "team_email", "Enter an e-mail address in the correct format"),
        ({"dpo_email": "not an address"}, "dpo_email", "Enter an e-mail address in the correct format"),
        ({"feedback_url": "mailto:someone@localhost"}, "feedback_url", "Enter a web address in the correct format"),
        ({"team_name": ""}, "team_name", "Enter team name"),
        ({"wcag_status": "mostly"}, "wcag_status", "Select a valid choice"),
        ({"team_phone": "0" * 31}, "team_phone", "Phone number must be 30 characters or fewer"),
        ({"statement_reviewed_on_month": "8"}, "statement_reviewed_on", "The review date must be the same as or after"),
    ],
)
def test_bad_published_information_is_refused_and_nothing_is_saved(admin_client, trust, change, field, message):
    response = admin_client.post(URL, {**FILLED, **change})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'id="{field}' in html or f'id="id_{field}' in html
    assert not TrustInformation.objects.filter(organisation=trust.organisation).exists()


def test_only_administrators_edit_the_published_information(lead_client, staff_client, amara):
    for client in (lead_client, staff_client, amara.client):
        assert client.get(URL).status_code == 403
        assert client.post(URL, FILLED).status_code == 403
    assert not TrustInformation.objects.exists()


def test_the_team_contact_shows_on_participant_pages_not_on_staff_pages(admin_client, lead_client, amara):
    admin_client.post(URL, FILLED)
    for name in ("people:me", "opportunities:list", "payments:my_payments"):
        assert "withus-team-contact" in amara.client.get(reverse(name)).content.decode()
    assert "withus-team-contact" not in lead_client.get(reverse("people:register")).content.decode()


def test_pages_say_nothing_wrong_before_anything_is_published(trust, amara):
    privacy = Client().get(reverse("privacy")).content.decode()
    assert "Not published yet" in privacy
    assert "ico.org.uk" in privacy  # the default complaint text
    me = amara.client.get(reverse("people:me")).content.decode()
    assert "withus-team-contact" not in me
    assert "@localhost" not in me
    feedback = Client().get(reverse("feedback")).content.decode()
    assert "Talk to your People Participation team" in feedback


def test_without_a_feedback_form_the_link_gives_the_teams_contact(admin_client, amara):
    admin_client.post(URL, {**FILLED, "feedback_url": ""})
    page = amara.client.get(reverse("feedback"))
    assert page.status_code == 200
    assert 'href="mailto:participation@riverside.nhs.uk?subject=Feedback%20about%20WithUs"' in page.content.decode()


def test_with_two_trusts_a_visitor_chooses_whose_notice_to_read(admin_client, trust):
    admin_client.post(URL, FILLED)
    other = OrganisationFactory(name="Another NHS Trust")
    chooser = Client().get(reverse("privacy")).content.decode()
    assert "Choose your trust" in chooser
    assert f'href="?trust={other.pk}"' in chooser
    chosen = Client().get(reverse("privacy"), {"trust": str(trust.organisation.pk)}).content.decode()
    assert "Jo Adeyemi" in chosen
    assert Client().get(reverse("accessibility"), {"trust": "not-a-trust"}).status_code == 200
