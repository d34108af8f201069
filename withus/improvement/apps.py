from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "withus.improvement"
    label = "improvement"
    verbose_name = "Co-produced QI projects"

    def ready(self):
        from withus.improvement import privacy
        from withus.people import registry

        registry.add_subject_access_section(privacy.access_sections)
