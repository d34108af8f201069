"""The demo's support world (issue 21) after the wave-two leftovers: profiles, a paid buddy check-in, paper answers,
monthly totals that agree with the answers; and building it again changes nothing."""

from withus.core.models import AuditEntry
from withus.demo.support_world import build_support
from withus.involvement.models import InvolvementRecord
from withus.people.models import Person
from withus.support.models import AnswerHow, BuddyCheckIn, ExperienceAnswer, ExperienceMonth, Profile
from withus.support.services import experience_summary_rebuild


def _state(trust):
    return (
        Profile.objects.filter(organisation=trust).count(),
        BuddyCheckIn.objects.filter(organisation=trust).count(),
        ExperienceAnswer.objects.filter(organisation=trust).count(),
        ExperienceAnswer.objects.filter(organisation=trust, how=AnswerHow.PAPER).count(),
        sorted(ExperienceMonth.objects.filter(organisation=trust).values_list("bucket", "month", "answers")),
        InvolvementRecord.objects.filter(organisation=trust, kind__code="peer-buddy").count(),
        AuditEntry.objects.filter(object_type__in=["profile", "buddycheckin", "experienceanswer"]).count(),
    )


def test_the_demo_has_profiles_a_paid_check_in_paper_answers_and_true_totals(demo):
    amara = Person.objects.get(organisation=demo, full_name="Amara Bello")
    assert "Listening" in Profile.objects.get(person=amara).good_at
    check_in = BuddyCheckIn.objects.get(pair__buddy=amara)
    record = InvolvementRecord.objects.get(pk=check_in.record_id)
    assert (record.person, record.kind.payment_activity_code) == (amara, "INV-BUDDY")
    assert ExperienceAnswer.objects.filter(organisation=demo, how=AnswerHow.PAPER).count() == 1
    before = sorted(ExperienceMonth.objects.filter(organisation=demo).values_list("bucket", "month", "answers"))
    experience_summary_rebuild(organisation_id=demo.pk)
    after = sorted(ExperienceMonth.objects.filter(organisation=demo).values_list("bucket", "month", "answers"))
    assert before == after


def test_building_the_support_world_again_changes_nothing_new(demo):
    state = _state(demo)
    build_support(trust=demo)
    assert _state(demo) == state
