from django.apps import AppConfig


class AccreditationConfig(AppConfig):
    name = "withus.accreditation"
    label = "accreditation"
    verbose_name = "Service-user-led accreditation"

    def ready(self):
        from withus.accreditation import rules  # noqa: F401 - registers the named permissions
