from django.urls import path  # noqa: F401

from withus.learning import views  # noqa: F401

app_name = "learning"

urlpatterns: list = []
