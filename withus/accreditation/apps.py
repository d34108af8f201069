from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "withus.accreditation"
    label = "accreditation"
    verbose_name = "Service-user-led accreditation"

    def ready(self):
        from withus.accreditation import privacy, rules  # noqa: F401 - rules registers the named permissions
        from withus.accreditation.selectors import my_involvement_visits
        from withus.involvement.sections import register_my_involvement_section
        from withus.people import registry

        register_my_involvement_section(my_involvement_visits)
        registry.add_subject_access_section(privacy.access_sections)
        registry.on_erasure(privacy.erase)
