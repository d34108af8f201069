from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "withus.organisations"
    label = "organisations"
    verbose_name = "Organisations and units"
