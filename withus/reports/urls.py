from django.urls import path  # noqa: F401 - the issue's pages are added here

app_name = "reports"

urlpatterns: list = []
