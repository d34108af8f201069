from django.urls import path

from withus.opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="list"),
    path("opportunities/new/", views.opportunity_add, name="add"),
    path("opportunities/kinds/", views.kind_list, name="kinds"),
    path("opportunities/kinds/<uuid:kind_id>/", views.kind_edit, name="kind_edit"),
    path("opportunities/<uuid:opportunity_id>/", views.opportunity_detail, name="detail"),
    path("opportunities/<uuid:opportunity_id>/approve/", views.opportunity_approve, name="approve"),
    path("opportunities/<uuid:opportunity_id>/change/", views.opportunity_edit, name="edit"),
    path("opportunities/<uuid:opportunity_id>/cancel/", views.opportunity_cancel, name="cancel"),
    path("opportunities/<uuid:opportunity_id>/interest/", views.interest_express, name="interest"),
    path("opportunities/<uuid:opportunity_id>/withdraw/", views.interest_withdraw, name="withdraw"),
    path("opportunities/<uuid:opportunity_id>/confirm/", views.interest_confirm, name="confirm"),
    path("opportunities/<uuid:opportunity_id>/selection/", views.selection, name="selection"),
    path(
        "opportunities/<uuid:opportunity_id>/sessions/<uuid:session_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("me/involvement/", views.my_involvement, name="my_involvement"),
    path("people/<uuid:person_id>/involvement/", views.person_involvement, name="person_involvement"),
    path("spread/", views.spread, name="spread"),
    path("spread/export.csv", views.spread_csv, name="spread_csv"),
]
