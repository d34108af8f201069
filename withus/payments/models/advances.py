"""Expenses the trust paid in advance: a ticket it bought for the person, or cash given to them beforehand (issue 16
item 5). Recorded against the person and the occasion, shown on their claim, and never paid back a second time."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from withus.core.models import BaseModel
from withus.payments.models.claims import ClaimLine, ExpenseCategory
from withus.payments.models.rates import money_field


class AdvanceHow(models.TextChoices):
    BOUGHT_BY_TRUST = "bought", "Bought by the trust (for example a train ticket)"
    CASH = "cash", "Cash given to the person in advance"


class AdvanceQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(organisation_id=person.organisation_id, person=person)

    def unsettled(self):
        """Cash not yet taken off a claimed expense (a line that was removed or let go releases it again)."""
        return self.filter(Q(settled_line__isnull=True) | Q(settled_line__live=False))


class Advance(BaseModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    occasion = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=ExpenseCategory.choices)
    how = models.CharField(max_length=10, choices=AdvanceHow.choices)
    description = models.CharField(max_length=200)
    amount = money_field()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The expense line a cash advance was taken off. SET_NULL, not PROTECT: removing that line gives the advance back.
    settled_line = models.ForeignKey(ClaimLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = AdvanceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="advance_positive")]
        indexes = [models.Index(fields=["organisation", "person", "date"], name="advance_org_person_date")]

    def __str__(self) -> str:
        return f"{self.description} on {self.date}"

    @property
    def audit_label(self) -> str:
        return f"Expense paid in advance: {self.description}"
