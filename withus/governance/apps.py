from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "withus.governance"
    label = "governance"
    verbose_name = "Committees and recruitment panels"
