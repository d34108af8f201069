from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "withus.reports"
    label = "reports"
    verbose_name = "Board reports and equity"

    def ready(self):
        from withus.reports import rules  # noqa: F401 - registers the named permissions
