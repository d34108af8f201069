from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "withus.opportunities"
    label = "opportunities"
    verbose_name = "Involvement opportunities and records"

    def ready(self) -> None:
        from withus.core.todo import todo_register
        from withus.involvement.sections import register_my_involvement_section
        from withus.opportunities import selectors
        from withus.opportunities.selectors import my_involvement_responses
        from withus.opportunities.services import consent
        from withus.people import registry

        register_my_involvement_section(my_involvement_responses)
        registry.on_consent_withdrawn(consent.end_open_interests)
        registry.add_subject_access_section(consent.access_sections)
        registry.on_erasure(consent.erase)
        todo_register("opportunities", selectors.todo)
