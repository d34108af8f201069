from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "withus.support"
    label = "support"
    verbose_name = "Support for involved people"

    def ready(self):
        from withus.core.todo import todo_register
        from withus.involvement.sections import register_my_involvement_section
        from withus.support import rules  # noqa: F401 - rules registers the named permissions
        from withus.support.selectors import my_involvement_support, todo

        todo_register("support", todo)
        register_my_involvement_section(my_involvement_support)
