from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "withus.voice"
    label = "voice"
    verbose_name = "Stories and ideas"

    def ready(self) -> None:
        from withus.improvement.origins import register_origin_reader
        from withus.voice import rules_ideas, rules_stories  # noqa: F401 - register the stories' and ideas' permissions
        from withus.voice.origins import ideas_behind

        register_origin_reader(ideas_behind)
