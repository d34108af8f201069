from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "withus.api"
    label = "api"
    verbose_name = "API for the trust's other systems"

    def ready(self) -> None:
        from withus.api import rules  # noqa: F401 - registers the named permissions
