from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "withus.payments"
    label = "payments"
    verbose_name = "Payments, claims and expenses"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.involvement import payment_terms
        from withus.payments import privacy, selectors
        from withus.people import registry

        # Features that offer involvement ask the log what it pays; the rate card and the limits answer.
        payment_terms.provide(selectors)
        registry.add_subject_access_section(privacy.access_sections)
        todo_register("payments", selectors.todo)
