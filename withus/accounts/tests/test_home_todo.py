"""The "to do" home: each staff role sees what waits for them, counted, with links, in a bounded number of queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import AuditAction, AuditEntry
from withus.core.todo import ToDoItem, ToDoSection, todo_register, todo_sections
from withus.improvement.models import StageChange
from withus.improvement.tests.factories import MeasureFactory, ProjectFactory
from withus.opportunities.models import OpportunityStatus, ResponseStatus
from withus.opportunities.tests.factories import OpportunityFactory, ResponseFactory
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimStatus
from withus.people.models import MembershipStatus
from withus.people.tests.factories import PersonFactory


def _items(html: str) -> dict[str, str]:
    """What the to-do list says: each item's text and its count."""
    return dict(re.findall(r'<li><a href="[^"]*">([^<]+)</a>: <strong>(\d+)</strong></li>', html))


def _lead_world(trust, lead, make_user, number=1):
    """Things waiting for a lead: interest to select, a place to confirm, attendance to record, a staff request,
    an enquiry, and a claim started for someone."""
    for _ in range(number):
        closed = timezone.localdate() - datetime.timedelta(days=1)
        waiting = OpportunityFactory(organisation=trust.organisation, unit=trust.willow, places=3, closes_on=closed)
        still_open = OpportunityFactory(organisation=trust.organisation, unit=trust.willow)
        ResponseFactory(opportunity=still_open, person=PersonFactory(organisation=trust.organisation))
        ResponseFactory(opportunity=waiting, person=PersonFactory(organisation=trust.organisation))
        ResponseFactory(
            opportunity=waiting,
            person=PersonFactory(organisation=trust.organisation),
            status=ResponseStatus.SELECTED,
            place_number=1,
        )
        past = OpportunityFactory(organisation=trust.organisation, unit=trust.cedar, sessions="past")
        ResponseFactory(
            opportunity=past,
            person=PersonFactory(organisation=trust.organisation),
            status=ResponseStatus.CONFIRMED,
            place_number=1,
        )
        staff = make_user(Role.STAFF, unit=trust.willow)
        OpportunityFactory(
            organisation=trust.organisation, unit=trust.willow, status=OpportunityStatus.REQUESTED, organiser=staff
        )
        PersonFactory(organisation=trust.organisation, status=MembershipStatus.ENQUIRY)
        Claim.objects.create(
            organisation=trust.organisation, person=PersonFactory(organisation=trust.organisation), created_by=lead.user
        )
    return waiting, past


def test_lead_sees_what_waits_for_her_with_links(trust, lead, make_user):
    waiting, past = _lead_world(trust, lead, make_user)
    html = lead.client.get(reverse("home")).content.decode()
    assert '<h2 class="nhsuk-heading-l">To do</h2>' in html
    assert _items(html) == {
        "Opportunities closed for interest, with people waiting to be chosen": "1",
        "Places offered and not yet confirmed": "1",
        "Sessions with attendance to record": "1",
        "Staff requests to approve": "1",
        "People who enquired and have not been contacted yet": "1",
        "Claims started for people and not yet submitted": "1",
    }
    # With one thing waiting, the link goes straight to it.
    assert f'href="{reverse("opportunities:selection", args=[waiting.pk])}"' in html
    session = past.sessions.get()
    assert f'href="{reverse("opportunities:attendance", args=[past.pk, session.pk])}"' in html


def test_done_things_drop_off_the_list(trust, lead, make_user):
    waiting, past = _lead_world(trust, lead, make_user)
    waiting.responses.filter(status=ResponseStatus.SELECTED).update(status=ResponseStatus.CONFIRMED)
    past.status = OpportunityStatus.CANCELLED
    past.save()
    html = lead.client.get(reverse("home")).content.decode()
    items = _items(html)
    assert "Places offered and not yet confirmed" not in items
    assert "Sessions with attendance to record" not in items
    assert items["Opportunities closed for interest, with people waiting to be chosen"] == "1"


def test_a_scoped_lead_sees_only_her_units(trust, make_user, signed_in, lead):
    _lead_world(trust, lead, make_user)
    OpportunityFactory(organisation=trust.organisation, unit=trust.nursing, status=OpportunityStatus.REQUESTED)
    scoped = signed_in(make_user(Role.PARTICIPATION_LEAD, unit=trust.community))
    items = _items(scoped.get(reverse("home")).content.decode())
    assert items.get("Staff requests to approve") == "1"
    assert "Opportunities closed for interest, with people waiting to be chosen" not in items


def test_the_lead_home_stays_bounded(trust, lead, make_user, django_assert_max_num_queries):
    _lead_world(trust, lead, make_user, number=5)
    with django_assert_max_num_queries(30):
        html = lead.client.get(reverse("home")).content.decode()
    assert _items(html)["Opportunities closed for interest, with people waiting to be chosen"] == "5"
    assert f'href="{reverse("opportunities:list")}"' in html


def test_finance_sees_claims_to_approve_batches_and_late_claims(trust, finance_client, lead):
    person = PersonFactory(organisation=trust.organisation)
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    for _ in range(2):
        Claim.objects.create(
            organisation=trust.organisation,
            person=person,
            created_by=lead.user,
            status=ClaimStatus.SUBMITTED,
            first_activity_on=long_ago,
        )
    approved = Claim.objects.create(
        organisation=trust.organisation,
        person=person,
        created_by=lead.user,
        status=ClaimStatus.SUBMITTED,
        first_activity_on=timezone.localdate(),
    )
    batch = PaymentBatch.objects.create(
        organisation=trust.organisation,
        number=1,
        created_by=lead.user,
        claim_count=1,
        fees_total=10,
        expenses_total=0,
        csv_content=b"x",
        csv_sha256="0" * 64,
        xlsx_content=b"x",
        xlsx_sha256="0" * 64,
    )
    html = finance_client.get(reverse("home")).content.decode()
    assert _items(html) == {
        "Claims to approve": "3",
        "Batches sent to finance and not yet marked paid": "1",
        "Claims not paid within the target time": "2",
    }
    assert f'href="{reverse("payments:batch", args=[batch.pk])}"' in html
    assert f'href="{reverse("payments:claims")}?status=submitted"' in html
    assert approved.pk  # one claim is on time, so it is not late


def test_qi_advisor_sees_special_causes_and_stage_decisions(trust, qi_client):
    today = timezone.localdate()
    stale = ProjectFactory(organisation=trust.organisation, start_date=today - datetime.timedelta(days=200))
    fresh = ProjectFactory(organisation=trust.organisation, start_date=today - datetime.timedelta(days=200))
    StageChange.objects.create(organisation=trust.organisation, project=fresh, stage="2.0", changed_on=today)
    signal = MeasureFactory(project=fresh, variation="concern-high", latest_period=today - datetime.timedelta(days=7))
    MeasureFactory(project=fresh, variation="common-cause", latest_period=today)
    MeasureFactory(project=stale, variation="improvement-low", latest_period=today - datetime.timedelta(days=200))
    html = qi_client.get(reverse("home")).content.decode()
    assert _items(html) == {
        "Measures with a new special cause to look at": "1",
        "Projects due a decision on their stage (not looked at for 3 months)": "1",
    }
    assert f'href="{reverse("improvement:measure", args=[fresh.pk, signal.pk])}"' in html
    assert f'href="{reverse("improvement:detail", args=[stale.pk])}"' in html


def test_staff_see_their_requests_and_their_wards_projects(trust, make_user, signed_in):
    user = make_user(Role.STAFF, unit=trust.willow)
    OpportunityFactory(
        organisation=trust.organisation, unit=trust.willow, status=OpportunityStatus.REQUESTED, organiser=user
    )
    ProjectFactory(organisation=trust.organisation, units=[trust.willow])
    ProjectFactory(organisation=trust.organisation, units=[trust.nursing])
    html = signed_in(user).get(reverse("home")).content.decode()
    items = _items(html)
    assert items["Your requests waiting for a lead to approve"] == "1"
    assert items["Active projects in your ward or team"] == "1"
    assert "Staff requests to approve" not in items


def test_administrators_see_failed_sign_ins(trust, admin_client):
    for _ in range(3):
        AuditEntry.objects.create(
            organisation_id=trust.organisation.pk, action=AuditAction.SIGN_IN_FAILED, object_type="user"
        )
    html = admin_client.get(reverse("home")).content.decode()
    assert _items(html)["Failed sign-ins in the last 7 days"] == "3"


def test_nothing_waiting_is_said_plainly(finance_client):
    html = finance_client.get(reverse("home")).content.decode()
    assert "Nothing is waiting for you just now." in html
    assert _items(html) == {}


def test_a_later_app_adds_its_own_section(finance_client):
    def extra(user):
        return ToDoSection(heading="Stories", items=[ToDoItem("Stories to check", 2, "/stories/")], order=5)

    todo_register("test-extra", extra)
    try:
        assert next(section.heading for section in todo_sections(finance_client.user)) == "Stories"
        assert _items(finance_client.get(reverse("home")).content.decode()) == {"Stories to check": "2"}
    finally:
        from withus.core import todo

        todo._PROVIDERS.pop("test-extra")


@pytest.mark.parametrize("role", [Role.PARTICIPANT])
def test_participants_still_go_to_their_own_page(make_user, signed_in, role):
    assert signed_in(make_user(role)).get(reverse("home")).status_code == 302


def test_a_long_list_is_counted_up_to_a_hundred_in_one_query(trust, finance_client, django_assert_num_queries):
    """On a large trust the to-do count stops at 100 ("100 or more"): one bounded query, however many wait."""
    from withus.core.todo import COUNT_CAP, todo_item

    people = PersonFactory.create_batch(3, organisation=trust.organisation)
    for person in people:
        Claim.objects.create(organisation=trust.organisation, person=person, created_by=finance_client.user)
    claims = Claim.objects.filter(organisation=trust.organisation)
    with django_assert_num_queries(1):
        item = todo_item("Claims", claims, many="/claims/")
    assert (item.count, item.more, item.shown, item.href) == (3, False, "3", "/claims/")

    single = todo_item("Claims", claims.filter(person=people[0]), many="/claims/", one=lambda pk: f"/claims/{pk}/")
    assert single.href == f"/claims/{claims.get(person=people[0]).pk}/"

    class Many:
        """A queryset stand-in with more rows than the cap."""

        def values_list(self, *args, **kwargs):
            return list(range(COUNT_CAP + 40))

    capped = todo_item("Claims", Many(), many="/claims/")
    assert (capped.count, capped.more, capped.shown) == (COUNT_CAP, True, "100 or more")
