from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "withus.opportunities"
    label = "opportunities"
    verbose_name = "Involvement opportunities and records"
