from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "withus.voice"
    label = "voice"
    verbose_name = "Stories and ideas"

    def ready(self):
        from withus.voice import rules_ideas  # noqa: F401 - registers the ideas' permissions
