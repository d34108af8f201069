from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "withus.people"
    label = "people"
    verbose_name = "Involvement register"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.people import selectors

        todo_register("people", selectors.todo)
