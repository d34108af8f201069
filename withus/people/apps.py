from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "withus.people"
    label = "people"
    verbose_name = "Involvement register"
