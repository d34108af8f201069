from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "withus.improvement"
    label = "improvement"
    verbose_name = "Co-produced QI projects"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.improvement import privacy, selectors
        from withus.people import registry

        registry.add_subject_access_section(privacy.access_sections)
        todo_register("improvement", selectors.todo)
