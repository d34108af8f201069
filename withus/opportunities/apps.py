from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "withus.opportunities"
    label = "opportunities"
    verbose_name = "Involvement opportunities and records"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.opportunities import selectors

        todo_register("opportunities", selectors.todo)
