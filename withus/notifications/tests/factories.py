import factory

from withus.notifications.models import Channel, Message, MessageKind, MessageStatus


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    organisation = factory.SelfAttribute("person.organisation")
    channel = Channel.EMAIL
    kind = MessageKind.ESSENTIAL
    template = "tests.example"
    subject = "About your place"
    body = "Dear Amara,\n\nYou have a place."
    personalisation = factory.LazyAttribute(lambda message: {"subject": message.subject, "body": message.body})
    to_address = factory.LazyAttribute(lambda message: message.person.email)
    idempotency_key = factory.Sequence(lambda number: f"tests.example:{number}")
    status = MessageStatus.QUEUED
