"""Flash messages that name people ("Amara Bello has been added to the register") are kept in the server-side
session, never in a cookie the browser holds in readable form."""

import uuid

from django.conf import settings
from django.urls import reverse

from withus.people.models import Person


def test_a_message_naming_someone_is_kept_in_the_session_not_a_cookie(lead_client):
    response = lead_client.post(
        reverse("people:add"),
        {
            "submission_key": str(uuid.uuid4()),
            "kind": "service_user",
            "full_name": "Amara Bello",
            "email": "amara@example.org",
            "preferred_contact": "email",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "messages" not in response.cookies
    assert all("Amara" not in morsel.value for morsel in response.cookies.values())
    # SessionStorage keeps the pending messages, serialised, under the session's "_messages" key.
    assert "Amara Bello has been added" in str(lead_client.session.get("_messages"))

    page = lead_client.get(response["Location"])
    assert "Amara Bello has been added to the register." in page.content.decode()
    assert "messages" not in page.cookies
    assert Person.objects.filter(full_name="Amara Bello").exists()
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")
