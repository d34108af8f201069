"""The involvement register: the people who are involved, their needs, consent and (separately) equality data."""

from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast

from withus.accounts.models import Role
from withus.core.models import BaseModel
from withus.core.querysets import OrganisationQuerySet
from withus.organisations.models import Unit


class PersonKind(models.TextChoices):
    SERVICE_USER = "service_user", "Service user"
    CARER = "carer", "Carer"
    STAFF = "staff", "Staff colleague"


class MembershipStatus(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    WELCOME = "welcome", "Welcome conversation"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LEFT = "left", "Left"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class NeedCategory(models.TextChoices):
    COMMUNICATION = "communication", "Communication"
    ACCESS = "access", "Access"
    SUPPORT = "support", "Support"


class CommunicationNeed(models.TextChoices):
    """The Accessible Information Standard's communication needs (DCB1605), recorded in a structured way: each is
    flagged wherever staff contact or plan for the person (ADR 41)."""

    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    BSL = "bsl", "A British Sign Language interpreter"
    SPOKEN_LANGUAGE = "spoken_language", "An interpreter for another spoken language"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio (information read out or recorded)"
    READ_WITH = "read_with", "Someone to read with them"
    PHONE = "phone", "A phone call rather than writing"


# What each need is called on a tag beside someone's name: short, so a list of people stays readable.
COMMUNICATION_NEED_SHORT = {
    CommunicationNeed.EASY_READ.value: "Easy read",
    CommunicationNeed.LARGE_PRINT.value: "Large print",
    CommunicationNeed.BSL.value: "BSL interpreter",
    CommunicationNeed.SPOKEN_LANGUAGE.value: "Interpreter",
    CommunicationNeed.BRAILLE.value: "Braille",
    CommunicationNeed.AUDIO.value: "Audio",
    CommunicationNeed.READ_WITH.value: "Reads with someone",
    CommunicationNeed.PHONE.value: "Prefers phone",
}


def communication_flags(needs: list | None, language: str = "") -> list[str]:
    """Communication needs as short tags, from the stored codes (for lists built from plain values)."""
    flags = []
    for code in needs or []:
        if code not in COMMUNICATION_NEED_SHORT:
            continue
        short = COMMUNICATION_NEED_SHORT[code]
        if code == CommunicationNeed.SPOKEN_LANGUAGE and language:
            short = f"{short}: {language}"
        flags.append(short)
    return flags


class Interest(BaseModel):
    """An area of interest a person would like to be involved in (reference data per trust)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="interest_unique_name")]

    def __str__(self) -> str:
        return self.name


class Need(BaseModel):
    """A communication, access or support need, e.g. large print, step-free access, brings a supporter."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=NeedCategory.choices)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="need_unique_name")]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def in_units(self, units):
        """People connected with any of these units or the units beneath them."""
        return self.filter(_connected_with(units))

    def visible_to(self, user):
        """Only the people this user may see: their trust, and within it the units their roles cover."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return self.none()
        people = self.filter(organisation_id=user.organisation_id)
        if user.has_role(Role.ADMINISTRATOR):
            return people
        lead_units = user.units_for(Role.PARTICIPATION_LEAD)
        other_units = user.units_for(Role.STAFF, Role.IMPROVEMENT_ADVISOR)
        if lead_units is None or other_units is None:
            return people
        units = [*lead_units, *other_units]
        if not units:
            return self.none()
        visible = _connected_with(units)
        if lead_units:
            # Leads also pick up new enquiries that nobody has connected with a unit yet.
            visible |= ~Exists(PersonUnit.objects.filter(person_id=OuterRef("pk")))
        return people.filter(visible)

    def visible_through(self, user, field: str) -> Q:
        """The same people as `visible_to(user)`, as a condition on another table's person column (`field`) whose
        rows the caller has already scoped to the user's trust. Uncorrelated subqueries that PostgreSQL hashes once:
        joined to people instead, a list with a LIMIT compared each row with every visible person (issue 25)."""
        if not (user.is_authenticated and user.is_active and user.organisation_id):
            return Q(pk__in=[])
        if user.has_role(Role.ADMINISTRATOR):
            return Q()
        lead_units = user.units_for(Role.PARTICIPATION_LEAD)
        other_units = user.units_for(Role.STAFF, Role.IMPROVEMENT_ADVISOR)
        if lead_units is None or other_units is None:
            return Q()
        units = [*lead_units, *other_units]
        if not units:
            return Q(pk__in=[])
        visible = Q(**{f"{field}__in": _people_in(units)})
        if lead_units:
            connected = PersonUnit.objects.filter(unit__organisation_id=user.organisation_id).values("person_id")
            visible |= ~Q(**{f"{field}__in": connected})
        return visible

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        condition = Q()
        for word in text.split()[:5]:
            condition &= Q(full_name__icontains=word) | Q(preferred_name__icontains=word) | Q(email__icontains=word)
        return self.filter(condition)

    def with_interest(self, interest_id):
        return self.filter(pk__in=Person.interests.through.objects.filter(interest_id=interest_id).values("person_id"))

    def with_need(self, need_id):
        return self.filter(pk__in=Person.needs.through.objects.filter(need_id=need_id).values("person_id"))

    def with_communication_need(self, code: str):
        """People whose communication needs include this one (ADR 41); nobody for a code that is not on the list.

        The needs are a JSON list. PostgreSQL asks "does the list contain it?" (`@>`), which the GIN index from
        migration 0006 answers. SQLite has no such lookup in Django, so there the list is read as its JSON text and
        searched for the code in its quotes: exact, because the codes are a fixed set of plain words that the people
        service checks and none, in quotes, is part of another."""
        if code not in CommunicationNeed.values:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            return self.filter(communication_needs__contains=[code])
        return self.alias(_needs_text=Cast("communication_needs", TextField())).filter(
            _needs_text__contains=f'"{code}"'
        )

    def with_consent_flags(self):
        """Each with `contact_consent` and `data_consent`: True agreed, False withdrew, None never asked; and
        `data_decision_open`: a lead still has to agree what happens to their information."""
        return self.annotate(
            contact_consent=_latest_consent("contact"),
            data_consent=_latest_consent("data"),
            data_decision_open=Exists(DataDecision.objects.filter(person=OuterRef("pk"), status="open")),
        )

    def not_to_be_contacted(self):
        """People whose latest word on being contacted about opportunities is that they withdrew it."""
        return self.annotate(_contact=_latest_consent("contact")).filter(_contact=False)

    def awaiting_data_decision(self):
        """People who withdrew their agreement to WithUs keeping their information, whose lead has not yet agreed
        with them what happens (the lead's to-do)."""
        return self.filter(pk__in=DataDecision.objects.open().values("person_id"))

    def likely_duplicates_of(self, *, full_name: str, email: str = "", phone: str = "", exclude_pk=None):
        """Same name and the same e-mail or phone: probably someone already in the register."""
        contact = Q()
        if email:
            contact |= Q(email__iexact=email.strip())
        if phone:
            contact |= Q(phone_digits=digits_only(phone))
        if not contact:
            return self.none()
        matches = self.filter(Q(full_name__iexact=full_name.strip()) & contact)
        return matches.exclude(pk=exclude_pk) if exclude_pk else matches


def _people_in(units):
    """The ids of people connected with any of these units or the units below them."""
    subtree = Q(pk__in=[])
    for unit in units:
        subtree |= Q(path__startswith=unit.path)
    unit_ids = Unit.objects.filter(subtree).values("pk")
    return PersonUnit.objects.filter(unit_id__in=unit_ids).values("person_id")


def _connected_with(units) -> Q:
    return Q(pk__in=_people_in(units))


def digits_only(value: str) -> str:
    digits = "".join(character for character in value if character.isdigit())
    if digits.startswith("44") and value.strip().startswith("+"):
        digits = "0" + digits[2:]
    return digits


class Person(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="person"
    )
    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Kept in digits only, so duplicate checks match however the number was typed.
    phone_digits = models.CharField(max_length=20, blank=True, editable=False)
    postal_address = models.TextField(max_length=500, blank=True)
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL)
    communication_notes = models.TextField("Communication and accessibility needs", max_length=1000, blank=True)
    # The Accessible Information Standard record (ADR 41): CommunicationNeed codes, in the order of the choices, and
    # for an interpreter for another spoken language, which language.
    communication_needs = models.JSONField("Communication needs", default=list, blank=True)
    communication_language = models.CharField("Language for the interpreter", max_length=60, blank=True)
    support_notes = models.TextField("Support needs", max_length=1000, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="+")
    interests = models.ManyToManyField(Interest, blank=True, related_name="+")
    units = models.ManyToManyField("organisations.Unit", through="PersonUnit", blank=True, related_name="+")
    champion_units = models.ManyToManyField(
        "organisations.Unit",
        blank=True,
        related_name="champions",
        help_text="Staff who champion involvement in these units.",
    )
    # The current status; every change is also kept as a MembershipStatusChange row.
    status = models.CharField(max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ENQUIRY)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    agreement_signed_on = models.DateField("Involvement agreement signed", null=True, blank=True)
    # Their named People Participation lead (a member of staff holding that role): shown to them on My details and
    # the one later parts mean by "their lead" (issue 14 item 1). Set with services.person_set_lead.
    participation_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people_led",
        verbose_name="People Participation lead",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"
        indexes = [
            # The register's order (name, then id) holding every column it filters or searches on,
            # so counting and paging read this index alone, never the table.
            models.Index(
                fields=["organisation", "full_name", "id", "status", "kind", "preferred_name", "email"],
                name="person_register",
            ),
            models.Index(fields=["organisation", "status", "full_name"], name="person_org_status_name"),
            models.Index(fields=["organisation", "kind", "full_name"], name="person_org_kind_name"),
            models.Index(fields=["organisation", "email"], name="person_org_email"),
            models.Index(fields=["organisation", "phone_digits"], name="person_org_phone"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.full_name:
            return f"{self.full_name} ({self.preferred_name})"
        return self.full_name

    @property
    def audit_label(self) -> str:
        return f"Person {self.full_name}"

    @property
    def communication_flags(self) -> list[str]:
        """The person's communication needs as short tags ("Large print", "Interpreter: Bengali"), for staff."""
        return communication_flags(self.communication_needs, self.communication_language)

    @property
    def communication_labels(self) -> list[str]:
        """The same needs in full ("An interpreter for another spoken language (Bengali)"), for the person's pages."""
        labels = []
        for code in self.communication_needs or []:
            if code not in CommunicationNeed.values:
                continue
            label = CommunicationNeed(code).label
            if code == CommunicationNeed.SPOKEN_LANGUAGE and self.communication_language:
                label = f"{label} ({self.communication_language})"
            labels.append(label)
        return labels


class PersonUnit(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="person_unit_unique")]
        indexes = [models.Index(fields=["unit", "person"], name="person_unit_by_unit")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.unit_id}"


class MembershipStatusChange(BaseModel):
    """One change of membership status: immutable, with who made it, when and why."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MembershipStatus.choices)
    reason = models.TextField(max_length=1000, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ConsentTopic(models.TextChoices):
    CONTACT = "contact", "Being contacted about opportunities"
    DATA = "data", "WithUs keeping and using their information"


class ConsentStatement(BaseModel):
    """The exact wording a person agrees to, versioned so we know what each person saw."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=20, choices=ConsentTopic.choices)
    version = models.CharField(max_length=20)
    wording = models.TextField(max_length=2000)
    effective_from = models.DateField()

    class Meta:
        ordering = ["topic", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "topic", "version"], name="consent_statement_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} (version {self.version})"


class ConsentDecision(BaseModel):
    """A person agreeing to, or withdrawing, one consent statement. Immutable: the latest one counts."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consent_decisions")
    statement = models.ForeignKey(ConsentStatement, on_delete=models.PROTECT, related_name="+")
    agreed = models.BooleanField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        indexes = [models.Index(fields=["person", "-created_at"], name="consent_person_latest")]

    def __str__(self) -> str:
        return f"{'Agreed' if self.agreed else 'Withdrew'}: {self.statement}"


PREFER_NOT = ("prefer_not", "Prefer not to say")


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary ETHNIC CATEGORY: the 2001 Census 16+1, with Z (not stated) and 99 (not known)."""

    A = "A", "White – British"
    B = "B", "White – Irish"
    C = "C", "White – Any other White background"
    D = "D", "Mixed – White and Black Caribbean"
    E = "E", "Mixed – White and Black African"
    F = "F", "Mixed – White and Asian"
    G = "G", "Mixed – Any other mixed background"
    H = "H", "Asian or Asian British – Indian"
    J = "J", "Asian or Asian British – Pakistani"
    K = "K", "Asian or Asian British – Bangladeshi"
    L = "L", "Asian or Asian British – Any other Asian background"
    M = "M", "Black or Black British – Caribbean"
    N = "N", "Black or Black British – African"
    P = "P", "Black or Black British – Any other Black background"
    R = "R", "Other ethnic groups – Chinese"
    S = "S", "Other ethnic groups – Any other ethnic group"
    Z = "Z", "Not stated (prefer not to say)"
    NOT_KNOWN = "99", "Not known (not asked)"


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", "Under 18"
    A18_24 = "18_24", "18 to 24"
    A25_34 = "25_34", "25 to 34"
    A35_44 = "35_44", "35 to 44"
    A45_54 = "45_54", "45 to 54"
    A55_64 = "55_64", "55 to 64"
    A65_74 = "65_74", "65 to 74"
    A75_PLUS = "75_plus", "75 or over"
    PREFER_NOT = PREFER_NOT


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = PREFER_NOT


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT = PREFER_NOT


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Any other religion or belief"
    PREFER_NOT = PREFER_NOT


class MaritalStatus(models.TextChoices):
    SINGLE = "single", "Never married and never in a civil partnership"
    MARRIED = "married", "Married or in a civil partnership"
    SEPARATED = "separated", "Separated"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"
    WIDOWED = "widowed", "Widowed or surviving civil partner"
    PREFER_NOT = PREFER_NOT


class EqualityRecordQuerySet(OrganisationQuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def for_people(self, people):
        """The records of these people (a queryset already scoped to whom the user may see)."""
        return self.filter(person__in=people)


class EqualityRecord(BaseModel):
    """Equality monitoring, kept apart from the person's record and opened only by leads and administrators."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="equality_record")
    ethnic_category = models.CharField(max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN)
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_same_as_at_birth = models.CharField(
        "Gender identity the same as sex registered at birth",
        max_length=12,
        choices=YesNo.choices,
        blank=True,
    )
    sexual_orientation = models.CharField(max_length=14, choices=SexualOrientation.choices, blank=True)
    disability = models.CharField("Disabled", max_length=12, choices=YesNo.choices, blank=True)
    religion = models.CharField("Religion or belief", max_length=12, choices=Religion.choices, blank=True)
    marital_status = models.CharField(
        "Marriage and civil partnership", max_length=12, choices=MaritalStatus.choices, blank=True
    )
    pregnancy_or_maternity = models.CharField(
        "Pregnant or on maternity leave", max_length=12, choices=YesNo.choices, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EqualityRecordQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organisation", "ethnic_category"], name="equality_org_ethnicity")]

    def __str__(self) -> str:
        return f"Equality record for {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"Equality record of {self.person.full_name}"


def _latest_consent(topic: str):
    """The latest decision (True agreed, False withdrew, None never asked) on a topic, for each person row."""
    latest = ConsentDecision.objects.filter(person=OuterRef("pk"), statement__topic=topic)
    return Subquery(latest.order_by("-decided_on", "-created_at").values("agreed")[:1])


class DataDecisionStatus(models.TextChoices):
    OPEN = "open", "To do: agree what happens to their information"
    AGREED = "agreed", "Agreed"
    ERASED = "erased", "Erased"


class DataDecisionOutcome(models.TextChoices):
    ERASE = "erase", "Keep what payments and the audit need, and erase the rest after the retention period"
    KEEP = "keep", "Keep their information: they agreed again, or the law requires it"


class DataDecisionQuerySet(OrganisationQuerySet):
    def open(self):
        return self.filter(status=DataDecisionStatus.OPEN)

    def due_for_erasure(self, today):
        return self.filter(status=DataDecisionStatus.AGREED, outcome=DataDecisionOutcome.ERASE, erase_after__lte=today)


class DataDecision(BaseModel):
    """After someone withdraws their agreement to WithUs keeping and using their information, the lead's to-do:
    agree with them what happens. Erasing (by `erase_withdrawn_people`, after the trust's retention period) keeps
    payment records and the audit log. ADR 0021."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="data_decisions")
    withdrawn_on = models.DateField()
    status = models.CharField(max_length=10, choices=DataDecisionStatus.choices, default=DataDecisionStatus.OPEN)
    outcome = models.CharField(max_length=10, choices=DataDecisionOutcome.choices, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    erase_after = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = DataDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-withdrawn_on", "-created_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="data_decision_org_status")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_status_display()}"

    @property
    def audit_label(self) -> str:
        return f"Data decision for {self.person.full_name}"


class OnBehalfAction(BaseModel):
    """Someone (usually a People Participation lead) did something for a person, with the person's agreement:
    the one record every app makes through `withus.people.on_behalf.on_behalf_record`. Immutable."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="on_behalf_actions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    person_agreed = models.BooleanField()
    how_agreed = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "-created_at"], name="on_behalf_person_latest")]

    def __str__(self) -> str:
        return f"{self.what} for {self.person_id}"

    @property
    def audit_label(self) -> str:
        return f"{self.what} for {self.person.full_name}"
