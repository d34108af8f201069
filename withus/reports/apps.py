from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "withus.reports"
    label = "reports"
    verbose_name = "Board reports and equity"
