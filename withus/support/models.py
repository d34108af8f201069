"""Support that people choose (issue 21): involvement agreements, support plans, debriefs, buddies, pauses,
meeting readiness and the monthly experience survey.

Support sits beside opportunities and above accreditation (ADR 18). A committee meeting or opportunity session is
named here by a generic occasion key (`committee-meeting:<id>`, as `withus.involvement.models.source_key` builds
them), never by a foreign key, so this app never imports governance or opportunities.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _l

from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet

CUBE_QUESTIONS = (
    ("voice", "Voice", _l("Did you feel heard?")),
    ("contribute", "Contribute", _l("Were there enough ways for you to take part?")),
    ("agenda", "Agenda", _l("Was it about things that matter to you?")),
    ("change", "Change", _l("Did the organisers listen and respond to what you said?")),
)
CUBE_FIELDS = tuple(field for field, _name, _question in CUBE_QUESTIONS)
# An answer at or below this (of 5) is low: a private prompt for the person's lead.
LOW_ANSWER = 2


class AgreementHow(models.TextChoices):
    ONLINE = "online", "Agreed online"
    PAPER = "paper", "Signed a paper copy (recorded by their lead)"


class AgreementQuerySet(OrganisationQuerySet):
    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def agreed(self):
        return self.filter(person_agreed_on__isnull=False, lead_agreed_on__isnull=False)


class InvolvementAgreement(BaseModel):
    """One version of a person's agreement for one role. A change is a new version; earlier ones are kept.

    It extends the register's `Person.agreement_signed_on` (whose dates became version 1 in migration 0002):
    when both sides have agreed a version, that date is written back to the register."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("Role", max_length=100)
    version = models.PositiveSmallIntegerField(default=1)
    what_the_role_involves = models.TextField(max_length=2000, blank=True)
    time_commitment = models.CharField(max_length=200, blank=True)
    payment_terms = models.TextField(max_length=1000, blank=True)
    own_limit = models.CharField("Any limit they set", max_length=200, blank=True)
    support_contact = models.CharField("Named support contact they chose", max_length=200, blank=True)
    if_unwell = models.TextField("What to do if they become unwell", max_length=1000, blank=True)
    confidentiality = models.TextField(max_length=1000, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    lead_agreed_on = models.DateField(null=True, blank=True)
    lead_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_agreed_on = models.DateField(null=True, blank=True)
    person_agreed_how = models.CharField(max_length=10, choices=AgreementHow.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["role", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "version"], name="agreement_version_once"),
        ]
        indexes = [models.Index(fields=["organisation", "person", "role", "-version"], name="agreement_person_role")]

    def __str__(self) -> str:
        return f"{self.role} (version {self.version})"

    @property
    def audit_label(self) -> str:
        return f"Involvement agreement {self.role} v{self.version} of {self.person.full_name}"

    @property
    def is_agreed(self) -> bool:
        return self.person_agreed_on is not None and self.lead_agreed_on is not None


class Adjustment(models.TextChoices):
    # Large print and easy read are communication needs on the person's record now (the Accessible Information
    # Standard, ADR 41), with the other communication needs: migration 0008 moved them there.
    BREAKS = "breaks", _l("Regular breaks")
    INTERPRETER = "interpreter", _l("An interpreter")
    TRANSPORT = "transport", _l("Transport to and from the meeting")
    CAMERA_OFF = "camera_off", _l("Camera off in online meetings")
    PRE_MEETING = "pre_meeting", _l("A short meeting beforehand to go through the papers")


class SupportPlanQuerySet(OrganisationQuerySet):
    def for_people(self, people):
        return self.filter(person__in=people)


class SupportPlan(BaseModel):
    """What helps me: owned by the person, seen only by them and the People Participation leads for their units.
    Only `adjustments` travel to organisers (meetings, panels, visits); the rest stays here."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    what_helps = models.TextField("What helps me", max_length=2000, blank=True)
    early_signs = models.TextField("Early signs I may be struggling", max_length=1000, blank=True)
    contact_how_when = models.TextField("How and when to contact me", max_length=500, blank=True)
    crisis_contact = models.TextField("Who to contact in a crisis", max_length=500, blank=True)
    adjustments = models.JSONField(default=list, blank=True)
    adjustments_other = models.CharField("Any other adjustment", max_length=300, blank=True)
    topics_to_avoid = models.TextField("Topics I would rather avoid", max_length=1000, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SupportPlanQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Support plan of {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"Support plan of {self.person.full_name}"

    @property
    def adjustment_labels(self) -> list[str]:
        labels = dict(Adjustment.choices)
        named = [str(labels[code]) for code in self.adjustments if code in labels]
        return [*named, self.adjustments_other] if self.adjustments_other else named


class DifficultKind(BaseModel):
    """A kind of involvement flagged "may be difficult": attending one offers a debrief."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.OneToOneField("involvement.InvolvementKind", on_delete=models.PROTECT, related_name="+")
    why = models.CharField(max_length=200, blank=True)

    objects = OrganisationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Difficult: {self.kind_id}"


class DebriefStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    DONE = "done", "Taken"


class DebriefQuerySet(OrganisationQuerySet):
    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def waiting(self):
        return self.filter(status__in=[DebriefStatus.OFFERED, DebriefStatus.ACCEPTED])

    def overdue(self, today):
        return self.waiting().filter(due_by__lt=today)


class Debrief(BaseModel):
    """A debrief offered after a difficult occasion (named by its occasion key, once per person)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    occasion_key = models.CharField(max_length=100)
    occasion_label = models.CharField(max_length=200)
    occasion_on = models.DateField()
    status = models.CharField(max_length=10, choices=DebriefStatus.choices, default=DebriefStatus.OFFERED)
    with_whom = models.CharField(max_length=200, blank=True)
    due_by = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    # Restricted: seen by the person and the leads for their units only.
    note = models.TextField(max_length=1000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DebriefQuerySet.as_manager()

    class Meta:
        ordering = ["-occasion_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "occasion_key"], name="debrief_once_per_occasion"),
        ]
        indexes = [models.Index(fields=["organisation", "status", "due_by"], name="debrief_org_status_due")]

    def __str__(self) -> str:
        return f"Debrief after {self.occasion_label}"

    @property
    def audit_label(self) -> str:
        return f"Debrief of {self.person.full_name} after {self.occasion_label}"


class CheckInEvery(models.TextChoices):
    WEEK = "week", _l("Every week")
    FORTNIGHT = "fortnight", _l("Every two weeks")
    MONTH = "month", _l("Every month")


class Buddy(BaseModel):
    """A peer buddy (a more experienced participant) for a person. Buddying is paid involvement: the buddy's
    check-ins are recorded as involvement records of the "buddy" kind through withus.involvement."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    buddy = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    check_in_every = models.CharField(max_length=10, choices=CheckInEvery.choices, default=CheckInEvery.FORTNIGHT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(person=models.F("buddy")), name="buddy_not_self"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="buddy_dates"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "person"], name="buddy_org_person")]

    def __str__(self) -> str:
        return f"Buddy {self.buddy_id} for {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"Buddy {self.buddy.full_name} for {self.person.full_name}"


class Pause(BaseModel):
    """A step back without losing one's place: history, training, payments and seats stay. The register's status
    becomes "Paused" (with its own history); returning sets it back to what it was."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    return_on = models.DateField("Return date", null=True, blank=True)
    reason = models.TextField(max_length=500, blank=True)
    status_before = models.CharField(max_length=20)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="pause_one_open_per_person"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "ended_on", "return_on"], name="pause_org_open_return")]

    def __str__(self) -> str:
        return f"Pause of {self.person_id} from {self.starts_on}"

    @property
    def audit_label(self) -> str:
        return f"Pause of {self.person.full_name}"


class MeetingReadiness(BaseModel):
    """A meeting (committee meeting, opportunity session) marked ready: papers reached the service-user and carer
    members at least `days_before` days ahead and their adjustments are planned. Refused otherwise."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    occasion_key = models.CharField(max_length=100)
    occasion_label = models.CharField(max_length=200)
    held_on = models.DateField()
    papers_sent_on = models.DateField()
    days_before = models.PositiveSmallIntegerField(default=7)
    adjustments_planned = models.BooleanField(default=False)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "occasion_key"], name="readiness_once_per_occasion")
        ]

    def __str__(self) -> str:
        return f"Ready: {self.occasion_label}"


class AnswerHow(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "On paper, entered by a lead"
    SPOKEN = "spoken", "Told to a lead, who entered them for the person"


class ExperienceQuerySet(OrganisationQuerySet):
    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def low(self):
        condition = Q()
        for field in CUBE_FIELDS:
            condition |= Q(**{f"{field}__lte": LOW_ANSWER})
        return self.filter(condition)


def _score(field: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(field)


class ExperienceAnswer(BaseModel):
    """One person's monthly answers to the Cube's four questions (1 to 5). One per person per month: answering
    again that month replaces the answers, never doubles them. The directorate is kept as it was when answered."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the first day of the month
    directorate = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.ForeignKey(
        "involvement.InvolvementKind", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    voice = _score("voice")
    contribute = _score("contribute")
    agenda = _score("agenda")
    change = _score("change")
    words = models.TextField(max_length=1000, blank=True)
    how = models.CharField(max_length=10, choices=AnswerHow.choices, default=AnswerHow.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="experience_once_a_month"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}), name=f"experience_{field}_1_to_5"
                )
                for field in CUBE_FIELDS
            ),
        ]
        # Covering indexes: the experience page's monthly averages read the index alone, never the table.
        indexes = [
            models.Index(
                fields=["organisation", "month", "directorate", "voice", "contribute", "agenda", "change"],
                name="experience_org_month_dir",
            ),
            models.Index(
                fields=["organisation", "month", "kind", "voice", "contribute", "agenda", "change"],
                name="experience_org_month_kind",
            ),
            # The check-in list's low answers of the last two months, by person, from the index alone.
            models.Index(
                fields=["organisation", "month", "person", "voice", "contribute", "agenda", "change"],
                name="experience_org_month_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Experience of {self.person_id} in {self.month:%B %Y}"

    @property
    def audit_label(self) -> str:
        return f"Experience answers of {self.person.full_name} for {self.month:%B %Y}"


def experience_bucket(directorate_id, kind_id) -> str:
    """The summary row's key within a trust and month: directorate and kind, either of which may be missing (a
    unique key that works alike on every database, where NULLs in a unique constraint would never clash)."""
    return "|".join(str(uuid.UUID(str(key))) if key else "-" for key in (directorate_id, kind_id))


class ExperienceMonth(BaseModel):
    """The experience survey's monthly totals per trust, directorate and kind of involvement: how many answered
    and the sum of each question's answers. Written only by the service that records an answer (in the same
    transaction: a replaced answer is taken off its old row and added to its new one), so the run charts read a
    few hundred rows instead of every answer (issue 21, speed; ADR 38)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the first day of the month
    directorate = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.ForeignKey(
        "involvement.InvolvementKind", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bucket = models.CharField(max_length=80)
    answers = models.PositiveIntegerField(default=0)
    voice_sum = models.PositiveIntegerField(default=0)
    contribute_sum = models.PositiveIntegerField(default=0)
    agenda_sum = models.PositiveIntegerField(default=0)
    change_sum = models.PositiveIntegerField(default=0)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month", "bucket"], name="experience_month_once"),
        ]

    def __str__(self) -> str:
        return f"Experience totals {self.bucket} in {self.month:%B %Y}"


PROFILE_LIST_MAX = 5  # things in each short list
PROFILE_ITEM_MAX = 60  # characters in each thing


class ProfileQuerySet(OrganisationQuerySet):
    def mentioning(self, words: str):
        """Profiles whose lists mention every one of these words (any case)."""
        found = self
        for word in words.lower().split()[:5]:
            found = found.filter(search_text__contains=word)
        return found


class Profile(BaseModel):
    """A one-page profile (issue 21 item 3): what the person is good at and what they want to learn, two short
    lists they keep themselves at /me/profile/ (a lead may write it with them). Shown to leads choosing people for
    an opportunity and to project leads building a QI team; nothing here is restricted like the support plan."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    good_at = models.JSONField("What I am good at", default=list, blank=True)
    want_to_learn = models.JSONField("What I would like to learn", default=list, blank=True)
    # Both lists in lower case, for finding people by a skill without reading JSON.
    search_text = models.TextField(blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ProfileQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Profile of {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"One-page profile of {self.person.full_name}"

    @property
    def is_empty(self) -> bool:
        return not self.good_at and not self.want_to_learn

    @property
    def summary(self) -> str:
        """ "Good at: listening, chairing. Would like to learn: data." (empty when both lists are)."""
        parts = []
        if self.good_at:
            parts.append("Good at: " + ", ".join(self.good_at) + ".")
        if self.want_to_learn:
            parts.append("Would like to learn: " + ", ".join(self.want_to_learn) + ".")
        return " ".join(parts)


BUDDY_KIND_CODE = "peer-buddy"


class BuddyCheckIn(BaseModel):
    """One check-in a buddy held with the person they buddy. Buddying is paid involvement: each check-in is also an
    involvement record of the buddy (kind "Peer buddying", made through withus.involvement's services), so it can
    be claimed like any other involvement. `record_id` names that record."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(Buddy, on_delete=models.PROTECT, related_name="check_ins")
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    record_id = models.UUIDField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        constraints = [models.UniqueConstraint(fields=["pair", "held_on"], name="buddy_check_in_once_a_day")]

    def __str__(self) -> str:
        return f"Buddy check-in {self.pair_id} on {self.held_on}"

    @property
    def audit_label(self) -> str:
        return f"Buddy check-in of {self.pair.buddy.full_name} on {self.held_on:%-d %B %Y}"
