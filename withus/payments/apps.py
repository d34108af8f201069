from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "withus.payments"
    label = "payments"
    verbose_name = "Payments, claims and expenses"
