from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "withus.support"
    label = "support"
    verbose_name = "Support for involved people"

    def ready(self):
        from withus.core.todo import todo_register
        from withus.support import rules  # noqa: F401 - rules registers the named permissions
        from withus.support.selectors import todo

        todo_register("support", todo)
