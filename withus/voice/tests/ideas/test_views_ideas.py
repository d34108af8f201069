import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.notifications.models import Message
from withus.voice import services_ideas as services
from withus.voice.models.ideas import ForumDecisionKind, Idea, StateKind

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


RAISE = {
    "title": "Quieter nights",
    "detail": "The night checks wake everyone.",
    "public_summary": "Night checks wake people up.",
    "theme": "environment",
    "risk_disclosed": "no",
    "complaint": "yes",
    "wants_to_help": "yes",
}


def test_a_participant_raises_an_idea_and_is_told_honestly_what_happens_next(amara, trust, states):
    response = amara.client.post(reverse("ideas:new"), {**RAISE, "units": [trust.willow.pk]})
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("ideas:raised", args=[idea.pk])
    page = amara.client.get(response.url).content.decode()
    assert "is told by e-mail" in page  # queued in the outbox, not claimed as sent
    assert "sent" not in page.lower().replace("send", "")
    assert "PALS" in page  # a complaint is signposted
    assert idea.person == amara.person
    assert not idea.on_behalf


def test_an_empty_form_shows_kind_errors_and_saves_nothing(amara, states):
    response = amara.client.post(reverse("ideas:new"), {"title": "x" * 121})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Short title must be 120 characters or fewer" in page or "120 characters or fewer" in page
    assert "Choose the ward, team or service it is about" in page
    assert "Say whether anyone is at risk of harm" in page
    assert not Idea.objects.exists()


def test_staff_raise_on_someones_behalf(staff_client, make_participant, trust, states):
    amara = make_participant("Amara Bello", units=[trust.willow])
    response = staff_client.post(
        reverse("ideas:new"),
        {
            **RAISE,
            "units": [trust.willow.pk],
            "person": amara.person.pk,
            "source_kind": "visit",
            "source_label": "15 Steps",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert idea.on_behalf
    assert idea.person == amara.person
    assert idea.source_kind == "visit"


def test_a_participant_never_reaches_another_persons_idea(amara, ben, raise_idea):
    idea = raise_idea(ben.person)
    assert amara.client.get(reverse("ideas:mine", args=[idea.pk])).status_code == 404
    assert amara.client.get(reverse("ideas:detail", args=[idea.pk])).status_code == 404
    assert ben.client.get(reverse("ideas:mine", args=[idea.pk])).status_code == 200


def test_the_lead_moves_an_idea_and_amara_sees_it_on_you_were_heard(amara, raise_idea, states, lead, next_month):
    idea = raise_idea(amara.person)
    response = lead.client.post(
        reverse("ideas:move", args=[idea.pk]),
        {
            "version": 1,
            "state": states[StateKind.NOT_NOW].pk,
            "answer": "Not this year.",
            "reason": "The budget is spent.",
            **_date("revisit_on", next_month),
            "public_summary": "Night checks wake people up.",
        },
    )
    assert response.status_code == 302
    page = amara.client.get(reverse("ideas:heard")).content.decode()
    assert "Quieter nights" in page
    assert "Not now" in page
    detail = amara.client.get(reverse("ideas:mine", args=[idea.pk])).content.decode()
    assert "The budget is spent." in detail


def test_a_move_with_missing_not_now_fields_shows_errors_and_keeps_the_state(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    response = lead.client.post(
        reverse("ideas:move", args=[idea.pk]), {"version": 1, "state": states[StateKind.NOT_NOW].pk, "answer": "No."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why not now" in page
    assert "Enter the date you will look at it again" in page
    idea.refresh_from_db()
    assert idea.state.kind == StateKind.RECEIVED


def test_a_bad_date_on_the_move_form_is_explained(amara, raise_idea, states, lead):
    idea = raise_idea(amara.person)
    response = lead.client.post(
        reverse("ideas:move", args=[idea.pk]),
        {
            "version": 1,
            "state": states[StateKind.NOT_NOW].pk,
            "answer": "No.",
            "reason": "r",
            "revisit_on_day": "31",
            "revisit_on_month": "2",
            "revisit_on_year": "2027",
        },
    )
    assert "must be a real date" in response.content.decode()


def test_the_forum_approves_from_the_page(amara, raise_idea, to_forum, qi_client):
    idea = raise_idea(amara.person)
    to_forum(idea)
    idea.refresh_from_db()
    response = qi_client.post(
        reverse("ideas:forum_decide", args=[idea.pk]),
        {
            "version": idea.version,
            **_date("forum_on", timezone.localdate()),
            "chaired_by": "Amara Bello",
            "decision": ForumDecisionKind.PROJECT,
            "note": "Approved.",
            "aim": "Halve waking by June.",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.project is not None
    page = qi_client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert reverse("improvement:detail", args=[idea.project_id]) in page


def test_forum_page_lists_waiting_ideas(amara, raise_idea, to_forum, lead):
    idea = raise_idea(amara.person)
    to_forum(idea, on=timezone.localdate() + datetime.timedelta(days=7))
    page = lead.client.get(reverse("ideas:forum")).content.decode()
    assert "Quieter nights" in page
    assert "Riverside Mental Health" in page


def test_public_page_and_poster_show_not_now_with_its_reason_and_no_names(
    client, amara, raise_idea, states, lead, next_month, trust
):
    idea = raise_idea(amara.person)
    services.idea_move(
        idea=idea,
        state=states[StateKind.NOT_NOW],
        answer="Not this year.",
        reason="The budget is spent.",
        revisit_on=next_month,
        actor=lead.user,
    )
    page = client.get(reverse("ideas:said_did", args=[trust.willow.pk])).content.decode()
    assert "Night checks wake people up." in page
    assert "The budget is spent." in page
    assert "Amara" not in page
    assert "wake everyone" not in page  # the private detail
    month = timezone.localdate().strftime("%Y-%m")
    poster = client.get(reverse("ideas:poster", args=[trust.willow.pk, month]))
    assert poster.status_code == 200
    assert poster["Content-Type"] == "application/pdf"
    assert poster.content.startswith(b"%PDF")
    assert client.get(reverse("ideas:poster", args=[trust.willow.pk, month]) + "?easy=1").status_code == 200


def test_poster_for_a_month_that_is_not_real_is_not_found(client, trust):
    assert client.get(reverse("ideas:poster", args=[trust.willow.pk, "2026-13"])).status_code == 404
    assert client.get(reverse("ideas:poster", args=[trust.willow.pk, "nonsense"])).status_code == 404


def test_the_list_is_scoped_and_its_queries_bounded(
    staff_client, amara, ben, raise_idea, trust, django_assert_max_num_queries
):
    for number in range(30):
        raise_idea(amara.person, title=f"Willow idea {number}")
    raise_idea(ben.person, title="Nursing idea", unit=trust.nursing)
    with django_assert_max_num_queries(18):
        page = staff_client.get(reverse("ideas:list")).content.decode()
    assert "Willow idea 29" in page
    assert "Nursing idea" not in page  # staff of Willow Ward see their unit's ideas


def test_overdue_ideas_are_listed_for_leads(amara, raise_idea, lead):
    idea = raise_idea(amara.person)
    Idea.objects.filter(pk=idea.pk).update(first_answer_due=timezone.localdate() - datetime.timedelta(days=2))
    page = lead.client.get(reverse("ideas:list") + "?overdue=on").content.decode()
    assert "overdue by 2 days" in page


def test_an_administrator_adds_a_state_and_a_duplicate_name_is_refused(admin_client, states):
    url = reverse("ideas:states")
    values = {"name": "Being tried", "kind": StateKind.LOOKING, "public_meaning": "We are trying it out."}
    assert admin_client.post(url, values).status_code == 302
    again = admin_client.post(url, {**values, "name": "being tried"})
    assert "There is already a state with this name" in again.content.decode()


def test_messages_about_the_idea_are_always_sent_even_if_optional_kinds_are_off(amara, raise_idea):
    from withus.notifications.models import ContactPreference

    ContactPreference.objects.create(
        organisation=amara.person.organisation,
        person=amara.person,
        wants_opportunities=False,
        wants_reminders=False,
        wants_payments=False,
    )
    idea = raise_idea(amara.person)
    assert Message.objects.get(idempotency_key=f"ideas.received:{idea.pk}").status == "queued"
