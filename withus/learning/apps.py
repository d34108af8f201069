from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "withus.learning"
    label = "learning"
    verbose_name = "Learning pathway and trainings"
