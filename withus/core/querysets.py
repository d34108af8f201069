"""QuerySet building blocks shared by the apps' models."""

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    """Rows that belong to one trust. Every read a page makes starts from its trust (ADR 3)."""

    def for_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)
