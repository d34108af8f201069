from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "withus.involvement"
    label = "involvement"
    verbose_name = "Involvement log"
