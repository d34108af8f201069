from django.urls import path

from withus.learning import views

app_name = "learning"

urlpatterns = [
    path("learning/", views.course_list, name="courses"),
    path("learning/funnel/", views.funnel_view, name="funnel"),
    path("learning/courses/<uuid:course_id>/", views.course_detail, name="course"),
    path("learning/courses/<uuid:course_id>/edit/", views.course_edit, name="course_edit"),
    path("learning/courses/<uuid:course_id>/cohorts/new/", views.cohort_add, name="cohort_add"),
    path("learning/cohorts/<uuid:cohort_id>/", views.cohort_detail, name="cohort"),
    path("learning/cohorts/<uuid:cohort_id>/enrol/", views.cohort_enrol, name="cohort_enrol"),
    path("learning/cohorts/<uuid:cohort_id>/cancel/", views.cohort_cancel, name="cohort_cancel"),
    path("learning/cohorts/<uuid:cohort_id>/book/", views.cohort_book, name="book"),
    path("learning/cohorts/<uuid:cohort_id>/withdraw/", views.cohort_withdraw, name="withdraw"),
    path("learning/enrolments/<uuid:enrolment_id>/withdraw/", views.enrolment_remove, name="enrolment_remove"),
    path("learning/enrolments/<uuid:enrolment_id>/complete/", views.completion_mark, name="completion_mark"),
    path("learning/sessions/<uuid:session_id>/attendance/", views.session_attendance, name="attendance"),
    path("learning/sessions/<uuid:session_id>/feedback/", views.evaluation, name="evaluation"),
    path("learning/certificates/<uuid:completion_id>/certificate.pdf", views.certificate, name="certificate"),
    path("me/learning/", views.my_learning, name="mine"),
]
