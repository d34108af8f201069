"""Involvement opportunities, fair selection and attendance. Attendance adds to the involvement log."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from withus.accounts.models import Role
from withus.core.models import BaseModel
from withus.involvement.models import MAX_SESSION_HOURS, InvolvementKind
from withus.learning.models import Completion
from withus.people.models import Person, PersonKind


class OpportunityStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for a lead to approve"
    OPEN = "open", "Open"
    CANCELLED = "cancelled", "Cancelled"


class OpenTo(models.TextChoices):
    BOTH = "both", "Service users and carers"
    SERVICE_USERS = "service_users", "Service users"
    CARERS = "carers", "Carers"


OPEN_TO_KINDS = {
    OpenTo.BOTH: {PersonKind.SERVICE_USER, PersonKind.CARER},
    OpenTo.SERVICE_USERS: {PersonKind.SERVICE_USER},
    OpenTo.CARERS: {PersonKind.CARER},
}


class OpportunityQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def open_for_interest(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=OpportunityStatus.OPEN, closes_on__gte=today)

    def eligible_for(self, person, *, check_training: bool = True, today=None):
        """Open opportunities this participant may apply for (their trust, open to people like them, and
        every training it requires held in date)."""
        if person is None or person.kind not in {PersonKind.SERVICE_USER, PersonKind.CARER}:
            return self.none()
        allowed = [choice for choice, kinds in OPEN_TO_KINDS.items() if person.kind in kinds]
        eligible = self.filter(organisation_id=person.organisation_id, open_to__in=allowed)
        # Nothing for someone who withdrew their agreement to be contacted about opportunities (in the same query).
        eligible = eligible.filter(~Exists(Person.objects.filter(pk=person.pk).not_to_be_contacted()))
        if check_training:
            held = Completion.objects.for_organisation(person.organisation_id).in_date(today or timezone.localdate())
            missing = Opportunity.required_courses.through.objects.filter(opportunity_id=OuterRef("pk")).exclude(
                course_id__in=held.filter(person=person).values("course_id")
            )
            eligible = eligible.filter(~Exists(missing))
        return eligible

    def visible_to(self, user):
        """Staff-side scoping: the trust, and within it the units the user's roles cover."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        opportunities = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR):
            return opportunities
        units = []
        for role in (Role.PARTICIPATION_LEAD, Role.STAFF, Role.IMPROVEMENT_ADVISOR):
            if not user.has_role(role):
                continue
            role_units = user.units_for(role)
            if role_units is None:
                return opportunities
            units.extend(role_units)
        condition = Q(organiser=user)
        for unit in units:
            condition |= Q(unit__path__startswith=unit.path)
        return opportunities.filter(condition)

    def reachable_by(self, person):
        """What a participant reaches: open ones they may apply for (training aside, so the page can say which
        training is needed) and any they have responded to."""
        responded = ExpressionOfInterest.objects.for_person(person).values("opportunity")
        eligible = Opportunity.objects.open_for_interest().eligible_for(person, check_training=False)
        return self.filter(organisation_id=person.organisation_id).filter(
            Q(pk__in=eligible.values("pk")) | Q(pk__in=responded)
        )

    def with_interest(self, interest_id):
        """Those tagged with this area of interest."""
        tagged = Opportunity.interests.through.objects.filter(interest_id=interest_id).values("opportunity")
        return self.filter(pk__in=tagged)

    def with_first_session(self):
        """Each with `first_session`: when its first session starts."""
        first = Session.objects.filter(opportunity=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
        return self.annotate(first_session=Subquery(first))

    def with_response_counts(self):
        """Each with `interested_count` (responses not withdrawn) and `selected_count` (holding a place)."""
        responses = ExpressionOfInterest.objects.filter(opportunity=OuterRef("pk")).values("opportunity")
        return self.annotate(
            interested_count=Coalesce(
                Subquery(
                    responses.exclude(status=ResponseStatus.WITHDRAWN).annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            selected_count=Coalesce(
                Subquery(
                    responses.filter(status__in=HOLDS_A_PLACE).annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )

    def managed_by(self, user):
        """Where the user may select and record attendance: leads in their units, staff who organise it."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        opportunities = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR):
            return opportunities
        condition = Q(organiser=user)
        if user.has_role(Role.PARTICIPATION_LEAD):
            lead_units = user.units_for(Role.PARTICIPATION_LEAD)
            if lead_units is None:
                return opportunities
            for unit in lead_units:
                condition |= Q(unit__path__startswith=unit.path)
        return opportunities.filter(condition)


class Opportunity(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(InvolvementKind, on_delete=models.PROTECT, related_name="opportunities")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=3000)
    interests = models.ManyToManyField("people.Interest", blank=True, related_name="+")
    place = models.CharField("Where", max_length=300, blank=True)
    is_online = models.BooleanField(default=False)
    joining_help = models.TextField(max_length=1000, blank=True)
    accessibility = models.TextField(max_length=1000, blank=True)
    travel_booked = models.BooleanField(default=False)
    buddy_offered = models.BooleanField(default=False)
    pre_meeting_offered = models.BooleanField(default=False)
    other_support = models.TextField(max_length=1000, blank=True)
    required_training = models.CharField(max_length=200, blank=True)
    # Trainings people must hold, in date, to apply and be chosen (defaulted from the kind when posted).
    required_courses = models.ManyToManyField("learning.Course", blank=True, related_name="+")
    places = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(200)])
    closes_on = models.DateField()
    open_to = models.CharField(max_length=20, choices=OpenTo.choices, default=OpenTo.BOTH)
    payment_description = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once, when it is cancelled (the audit log keeps the same facts); told to everyone who responded.
    cancelled_reason = models.TextField(max_length=1000, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["closes_on", "title"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["organisation", "status", "closes_on"], name="opp_org_status_closes"),
            models.Index(fields=["organisation", "kind", "closes_on"], name="opp_org_kind_closes"),
            models.Index(fields=["organisation", "unit"], name="opp_org_unit"),
            models.Index(fields=["organisation", "organiser"], name="opp_org_organiser"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="opportunity_has_places"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Opportunity {self.title}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == OpportunityStatus.CANCELLED

    def is_open_for_interest(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == OpportunityStatus.OPEN and self.closes_on >= today

    @property
    def payment_text(self) -> str:
        return self.payment_description or self.kind.payment_description or "Unpaid"

    @property
    def support_offered(self) -> list[str]:
        offered = [
            text
            for flag, text in (
                (self.travel_booked, "We book and pay for your travel"),
                (self.buddy_offered, "A buddy who has done this before"),
                (self.pre_meeting_offered, "A short meeting beforehand to explain what happens"),
            )
            if flag
        ]
        if self.other_support:
            offered.append(self.other_support)
        return offered


class Session(BaseModel):
    """One date and time of an opportunity: a one-off has one, a series has several."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["opportunity", "starts_at"], name="session_opp_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends")]

    def __str__(self) -> str:
        return f"{self.opportunity_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self):
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return min(Decimal(MAX_SESSION_HOURS), (Decimal(seconds) / 3600).quantize(Decimal("0.25")))


class ResponseStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    SELECTED = "selected", "Selected"
    CONFIRMED = "confirmed", "Confirmed"
    NOT_SELECTED = "not_selected", "Not selected this time"
    WITHDRAWN = "withdrawn", "Withdrawn"


HOLDS_A_PLACE = (ResponseStatus.SELECTED, ResponseStatus.CONFIRMED)


class ConfirmedHow(models.TextChoices):
    ONLINE = "online", "In WithUs"
    PHONE = "phone", "By phone, recorded by staff"


class ExpressionOfInterestQuerySet(models.QuerySet):
    def for_person(self, person):
        """One person's own responses (a participant reaches only theirs)."""
        return self.filter(organisation_id=person.organisation_id, person=person)

    def holding_places(self):
        return self.filter(status__in=HOLDS_A_PLACE)


class ExpressionOfInterest(BaseModel):
    """A person's interest in one opportunity, and what came of it. One per person per opportunity."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="responses")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    access_needs = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.INTERESTED)
    # Which of the places the person holds: the database refuses two people in one place.
    place_number = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested = models.BooleanField("Proposed by Suggest fairly", default=False)
    decision_reason = models.TextField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_how = models.CharField(max_length=10, choices=ConfirmedHow.choices, blank=True)
    confirmed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "expressions of interest"
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="interest_once_per_person"),
            models.UniqueConstraint(fields=["opportunity", "place_number"], name="interest_one_person_per_place"),
            models.CheckConstraint(
                condition=(Q(status__in=HOLDS_A_PLACE) & Q(place_number__gte=1))
                | (~Q(status__in=HOLDS_A_PLACE) & Q(place_number__isnull=True)),
                name="interest_place_when_selected",
            ),
        ]
        indexes = [
            models.Index(fields=["opportunity", "status"], name="interest_opp_status"),
            models.Index(fields=["person", "status"], name="interest_person_status"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.opportunity_id}: {self.status}"

    @property
    def audit_label(self) -> str:
        return f"Interest in {self.opportunity.title}"


class AttendanceOutcome(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    CANCELLED_BY_TRUST = "cancelled_by_trust", "Cancelled by the trust"
    CANCELLED_BY_PERSON = "cancelled_by_person", "Cancelled by the person"


class Attendance(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=24, choices=AttendanceOutcome.choices)
    hours = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=MAX_SESSION_HOURS), name="attendance_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.outcome}"
