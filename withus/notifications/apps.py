from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "withus.notifications"
    label = "notifications"
    verbose_name = "Notifications"
