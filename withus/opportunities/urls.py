from django.urls import path

from withus.opportunities.views import act_for, interest, involvement, opportunities, selection

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", opportunities.opportunity_list, name="list"),
    path("opportunities/new/", opportunities.opportunity_add, name="add"),
    path("opportunities/<uuid:opportunity_id>/", opportunities.opportunity_detail, name="detail"),
    path("opportunities/<uuid:opportunity_id>/approve/", opportunities.opportunity_approve, name="approve"),
    path("opportunities/<uuid:opportunity_id>/change/", opportunities.opportunity_edit, name="edit"),
    path("opportunities/<uuid:opportunity_id>/cancel/", opportunities.opportunity_cancel, name="cancel"),
    path("opportunities/<uuid:opportunity_id>/interest/", interest.interest_express, name="interest"),
    path("opportunities/interest-for/<uuid:person_id>/", act_for.interest_for_someone, name="interest_for"),
    path("opportunities/<uuid:opportunity_id>/withdraw/", interest.interest_withdraw, name="withdraw"),
    path("opportunities/<uuid:opportunity_id>/confirm/", interest.interest_confirm, name="confirm"),
    path("opportunities/<uuid:opportunity_id>/selection/", selection.selection, name="selection"),
    path(
        "opportunities/<uuid:opportunity_id>/confirmed-by-phone/",
        selection.confirmed_by_phone,
        name="confirmed_by_phone",
    ),
    path(
        "opportunities/<uuid:opportunity_id>/sessions/<uuid:session_id>/attendance/",
        selection.attendance,
        name="attendance",
    ),
    path("spread/", involvement.spread, name="spread"),
    path("champions/", involvement.champions, name="champions"),
    path("spread/export.csv", involvement.spread_csv, name="spread_csv"),
]
