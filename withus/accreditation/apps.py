from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "withus.accreditation"
    label = "accreditation"
    verbose_name = "Service-user-led accreditation"

    def ready(self):
        from withus.accreditation import rules  # noqa: F401 - registers the named permissions
        from withus.accreditation.selectors import my_involvement_visits
        from withus.involvement.sections import register_my_involvement_section

        register_my_involvement_section(my_involvement_visits)
