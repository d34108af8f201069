from django.urls import path

from withus.governance import views

app_name = "governance"

urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/new/", views.committee_add, name="committee_add"),
    path("committees/<uuid:committee_id>/", views.committee_detail, name="committee"),
    path("committees/<uuid:committee_id>/seats/new/", views.seat_add, name="seat_add"),
    path("committees/<uuid:committee_id>/seats/<uuid:seat_id>/advertise/", views.seat_advertise, name="seat_advertise"),
    path("committees/<uuid:committee_id>/seats/<uuid:seat_id>/appoint/", views.seat_appoint, name="seat_appoint"),
    path("committees/<uuid:committee_id>/meetings/new/", views.meeting_add, name="meeting_add"),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("recruitment/", views.vacancy_list, name="recruitment"),
    path("recruitment/new/", views.vacancy_add, name="vacancy_add"),
    path("recruitment/coverage/", views.coverage, name="coverage"),
    path("recruitment/<uuid:vacancy_id>/", views.vacancy_detail, name="vacancy"),
    path("recruitment/<uuid:vacancy_id>/members/new/", views.member_add, name="member_add"),
    path("recruitment/<uuid:vacancy_id>/members/<uuid:member_id>/remove/", views.member_remove, name="member_remove"),
    path("recruitment/<uuid:vacancy_id>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("recruitment/<uuid:vacancy_id>/agree/", views.panel_agree, name="agree"),
    path("recruitment/<uuid:vacancy_id>/candidates/new/", views.candidate_add, name="candidate_add"),
    path("recruitment/<uuid:vacancy_id>/candidates/<uuid:candidate_id>/", views.result, name="result"),
    path("recruitment/<uuid:vacancy_id>/candidates/<uuid:candidate_id>/score/", views.score, name="score"),
    path("recruitment/<uuid:vacancy_id>/decision/", views.decision, name="decision"),
    path("me/panels/", views.my_panels, name="my_panels"),
]
