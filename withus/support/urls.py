from django.urls import path

from withus.support import views

app_name = "support"

urlpatterns = [
    path("me/agreement/", views.my_agreement, name="my_agreement"),
    path("me/agreement/<uuid:agreement_id>/agree/", views.my_agreement_agree, name="my_agreement_agree"),
    path("me/support/", views.my_support, name="my_support"),
    path("me/support/debriefs/<uuid:debrief_id>/", views.my_debrief, name="my_debrief"),
    path("me/profile/", views.my_profile, name="my_profile"),
    path("me/pause/", views.my_pause, name="my_pause"),
    path("me/experience/", views.my_survey, name="my_survey"),
    path("support/people/<uuid:person_id>/", views.person_support, name="person"),
    path("support/people/<uuid:person_id>/agreement/new/", views.agreement_new, name="agreement_new"),
    path("support/people/<uuid:person_id>/profile/", views.person_profile, name="person_profile"),
    path("support/people/<uuid:person_id>/experience/paper/", views.paper_survey, name="paper_survey"),
    path("support/people/<uuid:person_id>/experience/", views.survey_for, name="survey_for"),
    path("support/debriefs/", views.debriefs, name="debriefs"),
    path("support/debriefs/<uuid:debrief_id>/held/", views.debrief_held, name="debrief_held"),
    path("support/buddies/", views.buddies, name="buddies"),
    path("support/buddies/<uuid:buddy_id>/check-ins/", views.buddy_check_ins, name="buddy_check_ins"),
    path("support/experience/", views.experience, name="experience"),
    path("support/check-ins/", views.check_ins, name="check_ins"),
]
