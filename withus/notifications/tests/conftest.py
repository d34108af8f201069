import pytest

from withus.notifications.gateway import LocalGateway
from withus.notifications.tests.fake_notify import API_KEY, EMAIL_TEMPLATE_ID, SMS_TEMPLATE_ID, FakeNotify


@pytest.fixture
def fake_notify(settings):
    """A fake GOV.UK Notify on 127.0.0.1, with the real client pointed at it."""
    fake = FakeNotify().start()
    settings.NOTIFY_GATEWAY = "notify"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.base_url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE_ID
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE_ID
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _no_texts_left_over():
    LocalGateway.texts.clear()
    yield
    LocalGateway.texts.clear()
