"""The involvement log's own pages: sections other apps add to My involvement, and the kinds of involvement."""

import pytest
from django.urls import reverse

from withus.involvement import sections
from withus.involvement.models import InvolvementKind
from withus.involvement.sections import Section, my_involvement_sections, register_my_involvement_section
from withus.involvement.tests.factories import RecordFactory
from withus.opportunities.selectors import my_involvement_responses
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory


@pytest.fixture
def extra_section():
    """A provider registered for one test, then taken away again."""
    before = list(sections._providers)

    def provider(person):
        return Section("involvement/_test_section.jinja", {"name": person.full_name}) if person else None

    register_my_involvement_section(provider)
    register_my_involvement_section(provider)  # twice: still one section
    yield provider
    sections._providers[:] = before


def test_opportunities_add_what_you_applied_for(amara, kind, trust):
    assert my_involvement_responses in sections._providers
    opportunity = OpportunityFactory(organisation=trust.organisation, kind=kind, unit=trust.willow, title="Panel A")
    ResponseFactory(opportunity=opportunity, person=amara.person)
    RecordFactory(person=amara.person, kind=kind, source_label="Focus group in May")
    html = amara.client.get(reverse("involvement:my_involvement")).content.decode()
    assert html.index("Opportunities you applied for") < html.index("What you have done")
    assert reverse("opportunities:detail", args=[opportunity.pk]) in html
    assert "We have your interest" in html
    assert "Focus group in May" in html


def test_with_nothing_applied_for_the_section_says_so(amara):
    html = amara.client.get(reverse("involvement:my_involvement")).content.decode()
    assert "None yet." in html
    assert reverse("opportunities:list") in html


def test_a_registered_section_is_shown_once_per_provider(amara, extra_section):
    found = my_involvement_sections(amara.person)
    assert [section.template for section in found].count("involvement/_test_section.jinja") == 1
    assert found[-1].context == {"name": "Amara Bello"}


def test_someone_not_in_the_register_gets_not_found(make_user, signed_in):
    client = signed_in(make_user())
    assert client.get(reverse("involvement:my_involvement")).status_code == 404


def test_a_kind_with_no_name_is_refused_with_an_error_summary(admin_client, trust):
    assert admin_client.get(reverse("involvement:kinds")).status_code == 200  # makes the standard kinds
    panel = InvolvementKind.objects.get(organisation=trust.organisation, code="interview-panel")
    url = reverse("involvement:kind_edit", args=[panel.pk])
    html = admin_client.post(url, {"name": "", "payment_activity_code": "INV-PANEL"}).content.decode()
    assert "nhsuk-error-summary" in html
    assert "Enter name" in html
    panel.refresh_from_db()
    assert panel.name == "Recruitment interview panel"
