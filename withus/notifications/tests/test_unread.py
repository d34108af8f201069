"""Issue 17: the header shows how many messages a person has not seen yet; their Messages page marks them read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from withus.notifications.models import Message, MessageStatus
from withus.notifications.selectors import unread_count_for
from withus.notifications.tests.factories import MessageFactory


def test_the_header_counts_unread_messages_until_the_person_reads_them(amara, ben):
    MessageFactory(person=amara.person, subject="Your place on the panel", status=MessageStatus.SENT)
    MessageFactory(person=amara.person, subject="A reminder", status=MessageStatus.SENT)
    MessageFactory(person=amara.person, subject="Not wanted", status=MessageStatus.NOT_SENT)  # not counted
    MessageFactory(person=ben.person, status=MessageStatus.SENT)  # someone else's
    home = amara.client.get(reverse("people:me")).content.decode()
    assert "Messages (2 unread)" in home

    page = amara.client.get(reverse("notifications:my_messages")).content.decode()
    assert "2 messages are new since you last looked." in page
    assert page.count(">New</strong>") == 2
    assert Message.objects.filter(person=amara.person, read_at__isnull=False).count() == 3
    assert Message.objects.get(person=ben.person).read_at is None

    again = amara.client.get(reverse("notifications:my_messages")).content.decode()
    assert "Messages (2 unread)" not in again
    assert "new since you last looked" not in again
    assert unread_count_for(ben.user) == 1


def test_no_unread_messages_shows_the_plain_link(amara):
    MessageFactory(person=amara.person, status=MessageStatus.SENT, read_at="2026-12-01T10:00:00Z")
    page = amara.client.get(reverse("people:me")).content.decode()
    assert ">Messages<" in page or "Messages</a>" in page
    assert "unread)" not in page


def test_the_count_is_one_query_however_many_messages(amara):
    for _ in range(30):
        MessageFactory(person=amara.person, status=MessageStatus.SENT)
    with CaptureQueriesContext(connection) as queries:
        assert unread_count_for(amara.user) == 30
    assert len(queries) == 1
