from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "withus.improvement"
    label = "improvement"
    verbose_name = "Co-produced QI projects"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.improvement import selectors

        todo_register("improvement", selectors.todo)
