"""The scale world (issue 25): bulk-built, deterministic for a seed, consistent with the rules the services keep."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max

from withus.demo.scale import build_scale_world
from withus.demo.scale.common import SIZES
from withus.improvement.models import DataPoint, Measure
from withus.involvement.models import InvolvementRecord
from withus.organisations.models import Organisation
from withus.payments.models.batches import PaymentBatch
from withus.payments.models.claims import Claim, ClaimLine, ClaimStatus
from withus.payments.models.rates import PaymentSettings
from withus.people.models import EqualityRecord, Person

FRACTION = 0.08


def _build(seed: int) -> dict:
    result = build_scale_world(trusts=2, size="small", seed=seed, fraction=FRACTION, log=lambda line: None)
    return {
        "people": sorted(str(pk) for pk in Person.objects.values_list("pk", flat=True)),
        "claims": sorted(Claim.objects.values_list("status", "fees_total")),
        "counts": result["counts"],
    }


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_rows_and_another_seed_does_not():
    with transaction.atomic():
        first = _build(seed=7)
        transaction.set_rollback(True)
    with transaction.atomic():
        again = _build(seed=7)
        transaction.set_rollback(True)
    other = _build(seed=8)
    assert first == again
    assert first["people"] != other["people"]


@pytest.mark.django_db
def test_two_small_trusts_each_get_their_share_with_equality_answers_and_data_points():
    sizes = SIZES["small"].scaled(FRACTION)
    build_scale_world(trusts=2, size="small", seed=1, fraction=FRACTION, log=lambda line: None)
    trusts = Organisation.objects.filter(name__startswith="Scale Trust")
    assert trusts.count() == 2
    for trust in trusts:
        assert Person.objects.filter(organisation=trust).count() == sizes.people
        assert EqualityRecord.objects.filter(organisation=trust).count() > sizes.people // 2
        assert InvolvementRecord.objects.filter(organisation=trust).count() == sizes.involvement_records
        points = DataPoint.objects.filter(organisation=trust).count()
        assert points >= sizes.data_points  # the cap per measure moves points, never drops them
        # The measure's denormalised latest value matches its last point.
        measure = Measure.objects.filter(organisation=trust).order_by("name", "id").first()
        last = DataPoint.objects.filter(measure=measure).order_by("-period").first()
        assert (measure.latest_period, measure.latest_value) == (last.period, float(last.value))


@pytest.mark.django_db
def test_claims_are_in_every_state_and_kept_as_the_services_keep_them():
    build_scale_world(trusts=1, size="small", seed=3, fraction=0.5, log=lambda line: None)
    assert set(Claim.objects.values_list("status", flat=True)) == set(ClaimStatus.values)
    assert not Claim.objects.filter(status__in=["exported", "paid"], batch__isnull=True).exists()
    for batch in PaymentBatch.objects.all():
        claims = Claim.objects.filter(batch=batch)
        assert batch.claim_count == claims.count() >= 1
    # The next batch made on the batches page follows the built ones (it had clashed with batch 6: a 500).
    for organisation_id, last in PaymentBatch.objects.values_list("organisation_id").annotate(last=Max("number")):
        assert PaymentSettings.objects.get(organisation_id=organisation_id).next_batch_number == last + 1
    # A record on a live claim is locked by that claim; one only on rejected or void claims is free again (a record
    # freed that way may be claimed again, and is then locked by the new claim).
    live = ClaimLine.objects.filter(kind="fee", live=True)
    assert live.exists()
    for line in live.select_related("record"):
        assert line.record.locked_by == f"payment-claim:{line.claim_id}"
    freed = ClaimLine.objects.filter(kind="fee", live=False).exclude(record_id__in=live.values("record_id"))
    assert freed.exists()
    assert InvolvementRecord.objects.filter(pk__in=freed.values("record_id")).exclude(locked_by="").count() == 0


@pytest.mark.django_db
def test_a_trust_already_built_is_left_alone():
    build_scale_world(trusts=1, size="small", seed=1, fraction=FRACTION, log=lambda line: None)
    people = Person.objects.count()
    lines = []
    build_scale_world(trusts=1, size="small", seed=1, fraction=FRACTION, log=lines.append)
    assert Person.objects.count() == people
    assert lines == ["Scale Trust 01: already built, left as it is."]


@pytest.mark.django_db
def test_the_command_refuses_nonsense():
    with pytest.raises(CommandError, match="--trusts a number from 1 to 200"):
        call_command("build_scale_world", "--trusts", "0")
    with pytest.raises(CommandError, match="--fraction a number above 0"):
        call_command("build_scale_world", "--fraction", "2")


@pytest.mark.django_db
def test_stories_ideas_and_survey_answers_come_in_proportion():
    """Issue 25 item 1: the wave's newer parts too, each row in its own trust, answers once a person a month."""
    from django.db.models import Count

    from withus.support.models import ExperienceAnswer
    from withus.voice.models.ideas import Idea, IdeaStateChange
    from withus.voice.models.stories import Story, StoryConsent

    sizes = SIZES["small"].scaled(FRACTION)
    build_scale_world(trusts=1, size="small", seed=3, fraction=FRACTION, log=lambda line: None)
    trust = Organisation.objects.get(name__startswith="Scale Trust")
    assert Story.objects.filter(organisation=trust).count() == sizes.stories
    assert StoryConsent.objects.filter(organisation=trust).count() == sizes.stories
    assert Idea.objects.filter(organisation=trust).count() == sizes.ideas
    assert IdeaStateChange.objects.filter(organisation=trust).count() == sizes.ideas
    assert not Story.objects.exclude(teller__organisation=trust).filter(organisation=trust).exists()
    answers = ExperienceAnswer.objects.filter(organisation=trust)
    assert 0 < answers.count() <= sizes.survey_answers
    assert not answers.values("person", "month").annotate(n=Count("pk")).filter(n__gt=1).exists()
