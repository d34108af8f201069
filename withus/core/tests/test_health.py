from unittest import mock

import pytest
from django.db import DatabaseError

from withus.core import views


@pytest.mark.django_db
def test_health_says_the_database_and_cache_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_503_and_names_the_part_that_fails_when_the_cache_does_not_answer(client):
    with mock.patch("withus.core.views.cache.get", return_value=None):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(client):
    with mock.patch("withus.core.views._database_answers", return_value=False):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok"}


def test_a_database_error_counts_as_not_answering():
    with mock.patch("withus.core.views.connection") as connection:
        connection.cursor.side_effect = DatabaseError("server closed the connection")
        assert views._database_answers() is False
