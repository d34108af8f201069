from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "withus.api"
    label = "api"
    verbose_name = "API for the trust's other systems"
