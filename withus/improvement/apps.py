from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "withus.improvement"
    label = "improvement"
    verbose_name = "Co-produced QI projects"
