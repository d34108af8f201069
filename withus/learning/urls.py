from django.urls import path

from withus.learning.views import cohorts, courses, funnel, mine

app_name = "learning"

urlpatterns = [
    path("learning/", courses.course_list, name="courses"),
    path("learning/funnel/", funnel.funnel_view, name="funnel"),
    path("learning/courses/<uuid:course_id>/", courses.course_detail, name="course"),
    path("learning/courses/<uuid:course_id>/edit/", courses.course_edit, name="course_edit"),
    path("learning/courses/<uuid:course_id>/cohorts/new/", cohorts.cohort_add, name="cohort_add"),
    path("learning/cohorts/<uuid:cohort_id>/", cohorts.cohort_detail, name="cohort"),
    path("learning/cohorts/<uuid:cohort_id>/enrol/", cohorts.cohort_enrol, name="cohort_enrol"),
    path("learning/cohorts/<uuid:cohort_id>/cancel/", cohorts.cohort_cancel, name="cohort_cancel"),
    path("learning/cohorts/<uuid:cohort_id>/book/", mine.cohort_book, name="book"),
    path("learning/cohorts/<uuid:cohort_id>/withdraw/", mine.cohort_withdraw, name="withdraw"),
    path("learning/enrolments/<uuid:enrolment_id>/withdraw/", cohorts.enrolment_remove, name="enrolment_remove"),
    path("learning/enrolments/<uuid:enrolment_id>/complete/", cohorts.completion_mark, name="completion_mark"),
    path("learning/sessions/<uuid:session_id>/attendance/", cohorts.session_attendance, name="attendance"),
    path("learning/sessions/<uuid:session_id>/feedback/", mine.evaluation, name="evaluation"),
    path("learning/certificates/<uuid:completion_id>/certificate.pdf", mine.certificate, name="certificate"),
    path("me/learning/", mine.my_learning, name="mine"),
]
