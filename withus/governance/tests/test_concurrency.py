"""Two submissions of the same score sheet at the same moment: one wins, no duplicates (real PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from withus.governance.models import Score, ScoreSheet
from withus.governance.services.scores import score_sheet_submit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs concurrent connections: SQLite serialises writers, so the race cannot happen there. "
    "CI runs this file on PostgreSQL.",
)

ATTEMPTS = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_of_one_sheet_keep_one(panel, amara):
    barrier = threading.Barrier(ATTEMPTS)
    saved, refused, errors = [], [], []

    def send(number: int):
        try:
            barrier.wait()
            score_sheet_submit(
                vacancy=panel.vacancy,
                member=panel.members.amara,
                candidate=panel.first,
                scores={panel.essential.pk: number % 4, panel.desirable.pk: 1},
                actor=amara.user,
            )
            saved.append(number)
        except ValidationError:
            refused.append(number)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(saved) == 1
    assert len(refused) == ATTEMPTS - 1
    sheet = ScoreSheet.objects.get()
    assert Score.objects.filter(sheet=sheet).count() == 2
    assert Score.objects.get(sheet=sheet, criterion=panel.essential).value == saved[0] % 4
