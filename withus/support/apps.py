from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "withus.support"
    label = "support"
    verbose_name = "Support for involved people"

    def ready(self):
        from withus.core.todo import todo_register
        from withus.involvement.sections import register_my_involvement_section
        from withus.people.adjustments import register_adjustments_reader
        from withus.people.profiles import ProfileReaders, register_profile_readers
        from withus.support import rules  # noqa: F401 - rules registers the named permissions
        from withus.support.selectors import (
            adjustments_for,
            my_involvement_support,
            profiles_for,
            profiles_listed,
            todo,
        )

        todo_register("support", todo)
        register_my_involvement_section(my_involvement_support)
        register_adjustments_reader(adjustments_for)
        register_profile_readers(ProfileReaders(for_people=profiles_for, listed=profiles_listed))
