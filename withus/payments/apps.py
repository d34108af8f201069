from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "withus.payments"
    label = "payments"
    verbose_name = "Payments, claims and expenses"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.payments import selectors

        todo_register("payments", selectors.todo)
