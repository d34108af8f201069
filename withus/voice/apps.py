from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "withus.voice"
    label = "voice"
    verbose_name = "Stories and ideas"
