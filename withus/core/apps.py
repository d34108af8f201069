from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "withus.core"
    label = "core"
    verbose_name = "Core"
