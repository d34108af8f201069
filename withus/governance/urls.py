from django.urls import path

from withus.governance.views import committees, coverage, mine, panels, scores

app_name = "governance"

urlpatterns = [
    path("committees/", committees.committee_list, name="committees"),
    path("committees/new/", committees.committee_add, name="committee_add"),
    path("committees/<uuid:committee_id>/", committees.committee_detail, name="committee"),
    path("committees/<uuid:committee_id>/seats/new/", committees.seat_add, name="seat_add"),
    path(
        "committees/<uuid:committee_id>/seats/<uuid:seat_id>/advertise/",
        committees.seat_advertise,
        name="seat_advertise",
    ),
    path("committees/<uuid:committee_id>/seats/<uuid:seat_id>/appoint/", committees.seat_appoint, name="seat_appoint"),
    path("committees/<uuid:committee_id>/meetings/new/", committees.meeting_add, name="meeting_add"),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/ready/",
        committees.meeting_ready,
        name="meeting_ready",
    ),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/attendance/",
        committees.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/edit/",
        committees.meeting_edit,
        name="meeting_edit",
    ),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/delete/",
        committees.meeting_delete,
        name="meeting_delete",
    ),
    path(
        "committees/<uuid:committee_id>/meetings/<uuid:meeting_id>/attendance/correct/",
        committees.meeting_attendance_correct,
        name="meeting_attendance_correct",
    ),
    path("recruitment/", panels.vacancy_list, name="recruitment"),
    path("recruitment/new/", panels.vacancy_add, name="vacancy_add"),
    path("recruitment/coverage/", coverage.coverage, name="coverage"),
    path("recruitment/<uuid:vacancy_id>/", panels.vacancy_detail, name="vacancy"),
    path("recruitment/<uuid:vacancy_id>/members/new/", panels.member_add, name="member_add"),
    path("recruitment/<uuid:vacancy_id>/members/<uuid:member_id>/remove/", panels.member_remove, name="member_remove"),
    path("recruitment/<uuid:vacancy_id>/criteria/new/", panels.criterion_add, name="criterion_add"),
    path("recruitment/<uuid:vacancy_id>/agree/", panels.panel_agree, name="agree"),
    path("recruitment/<uuid:vacancy_id>/candidates/new/", panels.candidate_add, name="candidate_add"),
    path("recruitment/<uuid:vacancy_id>/candidates/<uuid:candidate_id>/", scores.result, name="result"),
    path("recruitment/<uuid:vacancy_id>/candidates/<uuid:candidate_id>/score/", scores.score, name="score"),
    path("recruitment/<uuid:vacancy_id>/decision/", scores.decision, name="decision"),
    path("me/panels/", mine.my_panels, name="my_panels"),
]
