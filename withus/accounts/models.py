"""Accounts and roles, each role held for the whole trust or for some units. An account signs in with its e-mail
address; a participant without one signs in with a code sent by text message to their mobile number (ADR 34)."""

import uuid
from functools import cached_property

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from withus.core.models import BaseModel
from withus.core.phone import UK_MOBILE, spaced_mobile


class Role(models.TextChoices):
    PARTICIPANT = "participant", "Participant (service user or carer)"
    STAFF = "staff", "Staff"
    PARTICIPATION_LEAD = "participation_lead", "People Participation lead"
    IMPROVEMENT_ADVISOR = "improvement_advisor", "Improvement advisor (QI)"
    FINANCE_APPROVER = "finance_approver", "Finance approver"
    ADMINISTRATOR = "administrator", "Administrator"
    # Read-only: board packs and the annual report, nothing else (issue 22, ADR 39).
    BOARD_MEMBER = "board_member", "Board member (reads board packs and the annual report)"


STAFF_SIDE_ROLES = frozenset(Role) - {Role.PARTICIPANT, Role.BOARD_MEMBER}
"""Roles of the trust's staff: they see staff pages (the portfolio, recruitment, units) as their role allows."""
ASSIGNED_ROLES = frozenset(Role) - {Role.PARTICIPANT}
"""Roles an administrator gives in the app or the directory maps: the staff roles and board members (service users
and carers join through the register)."""


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def create_user(
        self,
        email: str | None,
        password: str | None = None,
        *,
        email_verified: bool = False,
        phone: str | None = None,
        **extra,
    ):
        """An account that signs in with its e-mail address, or (a participant without one) with its UK mobile
        number (`phone`, 07…): a code is texted to it (ADR 34)."""
        email = self.normalize_email(email).lower() if email else None
        if phone is not None and not UK_MOBILE.match(phone):
            raise ValueError("A sign-in mobile number is a UK mobile number written 07…")
        if not email and not phone:
            raise ValueError("An account needs an e-mail address or a mobile number to sign in with.")
        user = self.model(email=email, phone=phone or None, **extra)
        if password:
            user.set_password(password)
        else:
            # Participants may have no password: they sign in with a code sent by e-mail or text message.
            user.set_unusable_password()
        user.save(using=self._db)
        if email:
            # allauth keeps each account's sign-in addresses in its own table: sign-in, re-authentication codes,
            # change notices and e-mail changes all read it. An address is verified once the person has typed a
            # code sent to it (their first sign-in does that); only callers that know it already say so.
            from allauth.account.models import EmailAddress  # here, not at the top: allauth's models load after ours

            EmailAddress.objects.using(self._db).create(
                user=user, email=user.email, primary=True, verified=email_verified
            )
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


def sign_in_mobile_taken(phone: str) -> bool:
    """Whether any account signs in with this mobile number (07…)."""
    return bool(phone) and User.objects.filter(phone=phone).exists()


def sign_in_address_taken(email: str) -> bool:
    """Whether any account signs in with this address (or has it on record with allauth)."""
    from allauth.account.models import EmailAddress  # here, not at the top: allauth's models load after ours

    email = email.strip()
    return (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Staff always have one (they are invited by it); a participant given a sign-in by mobile number may not.
    email = models.EmailField("E-mail address", unique=True, null=True, blank=True)
    # A UK mobile number (07…) that signs in with a code sent by text message (ADR 34); verified once a code sent
    # to it has been typed in.
    phone = models.CharField("Mobile number for signing in", max_length=11, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(default=False)
    full_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The language this person reads WithUs in (issue 26); blank is English. Used only once the trust offers it.
    language = models.CharField(max_length=10, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False), name="user_signs_in_with_something"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.sign_in_name

    def save(self, *args, **kwargs):
        # Empty means none: NULL, so any number of accounts can be without one while the values stay unique.
        self.email = self.email or None
        self.phone = self.phone or None
        super().save(*args, **kwargs)

    @property
    def sign_in_name(self) -> str:
        """What the person signs in with, for pages and the audit log: their e-mail address or mobile number."""
        return self.email or spaced_mobile(self.phone)

    @property
    def is_staff(self) -> bool:
        """Django's admin site is not installed; nobody is 'staff' in Django's sense."""
        return False

    @cached_property
    def role_assignments(self) -> list["RoleAssignment"]:
        if "roles" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.roles.all())
        return list(self.roles.select_related("unit"))

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(assignment.role for assignment in self.role_assignments)

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def is_participant(self) -> bool:
        return self.role_names == {Role.PARTICIPANT}

    def units_for(self, *roles: str) -> list | None:
        """The units these roles cover: None means the whole trust; [] means none."""
        units = []
        for assignment in self.role_assignments:
            if assignment.role in roles:
                if assignment.unit_id is None:
                    return None
                units.append(assignment.unit)
        return units


class RoleAssignment(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    # Empty: the whole trust. A unit: that unit and everything beneath it.
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique_per_unit"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(unit__isnull=True), name="role_unique_trust_wide"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"], name="role_org_role")]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id else "whole trust"
        return f"{self.get_role_display()} ({where})"


# Sign-in through the trust's Microsoft directory (Entra ID / NHSmail, issue 24, ADR 31).


class DirectoryIdentity(BaseModel):
    """The one Microsoft account that signs in as this WithUs account, keyed on the tenant and object ids that the
    directory never reuses (never on an e-mail address, which can move from one person to another)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="directory_identity")
    tenant_id = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant_id", "object_id"], name="directory_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.object_id}"


class DirectoryRoleMappingQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)


class DirectoryRoleMapping(BaseModel):
    """One Entra app role (the token's `roles` claim) gives one WithUs role, trust-wide or for one unit."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    app_role = models.CharField("App role in the directory", max_length=120)
    role = models.CharField(max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="directory_role_mappings"
    )

    objects = DirectoryRoleMappingQuerySet.as_manager()

    class Meta:
        ordering = ["app_role", "role"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "app_role", "role", "unit"], name="directory_role_unique"),
            models.UniqueConstraint(
                fields=["organisation", "app_role", "role"],
                condition=Q(unit__isnull=True),
                name="directory_role_unique_trust_wide",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "app_role"], name="directory_role_org_app_role")]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id else "whole trust"
        return f"{self.app_role} → {self.get_role_display()} ({where})"


class DirectoryInvitation(BaseModel):
    """An administrator's invitation to connect one Microsoft account to one existing WithUs account. Only the
    SHA-256 digest of the link's secret is kept; the link works once, before it expires."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="directory_invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Invitation for {self.user}"
