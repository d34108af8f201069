from django.urls import path

from withus.organisations import views

app_name = "organisations"

urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/add/", views.unit_add, name="unit_add"),
    path("units/<uuid:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("settings/published-information/", views.trust_information, name="trust_information"),
    path("settings/languages/", views.languages, name="languages"),
]
