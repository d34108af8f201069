from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "withus.involvement"
    label = "involvement"
    verbose_name = "Involvement log"

    def ready(self):
        from withus.involvement import privacy
        from withus.people import registry

        registry.add_last_involvement(privacy.last_involvement)
        registry.add_subject_access_section(privacy.access_sections)
