from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "withus.voice"
    label = "voice"
    verbose_name = "Stories and ideas"

    def ready(self) -> None:
        from withus.voice import rules_ideas, rules_stories  # noqa: F401 - register the stories' and ideas' permissions
