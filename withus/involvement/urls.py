from django.urls import path

from withus.involvement import views

app_name = "involvement"

urlpatterns = [
    path("me/involvement/", views.my_involvement, name="my_involvement"),
    path("people/<uuid:person_id>/involvement/", views.person_involvement, name="person_involvement"),
    path("opportunities/kinds/", views.kind_list, name="kinds"),
    path("opportunities/kinds/<uuid:kind_id>/", views.kind_edit, name="kind_edit"),
]
