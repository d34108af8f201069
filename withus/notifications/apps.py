from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "withus.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from withus.notifications import receivers  # noqa: F401 - connects the signal receivers
