from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "withus.governance"
    label = "governance"
    verbose_name = "Committees and recruitment panels"

    def ready(self):
        from withus.governance import privacy
        from withus.people import registry

        registry.add_subject_access_section(privacy.access_sections)
