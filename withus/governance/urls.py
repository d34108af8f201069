from django.urls import path  # noqa: F401

from withus.governance import views  # noqa: F401

app_name = "governance"

urlpatterns: list = []
