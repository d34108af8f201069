"""The trust (the tenant) and its tree of units: directorate → service → team or ward."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel


class Organisation(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # How long after someone's last involvement their information is kept once they have withdrawn their agreement
    # to WithUs keeping it (payment records and the audit log are kept regardless). ADR 0021.
    data_retention_years = models.PositiveSmallIntegerField(
        "Years to keep information after someone's last involvement",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    TEAM = "team", "Team"
    WARD = "ward", "Ward"


class UnitQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def active(self):
        return self.filter(is_active=True)

    def within(self, units):
        """The given units and everything beneath them."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)

    def in_tree_order(self):
        return self.order_by("path")


class Unit(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    kind = models.CharField(max_length=20, choices=UnitKind.choices)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    # Materialised path of ids ("/<id>/<id>/"), so a whole subtree is one indexed prefix query.
    path = models.CharField(max_length=400, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique_in_organisation"),
        ]
        indexes = [models.Index(fields=["organisation", "path"], name="unit_org_path")]

    def __str__(self) -> str:
        return self.name

    @property
    def indented_name(self) -> str:
        return f"{'— ' * self.depth}{self.name}"
