from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "withus.payments"
    label = "payments"
    verbose_name = "Payments, claims and expenses"

    def ready(self):
        from withus.payments import privacy
        from withus.people import registry

        registry.add_subject_access_section(privacy.access_sections)
