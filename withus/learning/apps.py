from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "withus.learning"
    label = "learning"
    verbose_name = "Learning pathway and trainings"

    def ready(self):
        from withus.learning import privacy
        from withus.people import registry

        registry.add_subject_access_section(privacy.access_sections)
