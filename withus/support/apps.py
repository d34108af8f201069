from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "withus.support"
    label = "support"
    verbose_name = "Support for involved people"
