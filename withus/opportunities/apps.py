from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "withus.opportunities"
    label = "opportunities"
    verbose_name = "Involvement opportunities and records"

    def ready(self) -> None:
        from withus.involvement.sections import register_my_involvement_section
        from withus.opportunities.selectors import my_involvement_responses

        register_my_involvement_section(my_involvement_responses)
