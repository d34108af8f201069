from django.urls import path

from withus.voice import views_ideas as views

app_name = "ideas"

urlpatterns = [
    path("ideas/", views.idea_list, name="list"),
    path("ideas/new/", views.idea_new, name="new"),
    path("ideas/forum/", views.forum, name="forum"),
    path("ideas/states/", views.states, name="states"),
    path("ideas/charts/", views.charts, name="charts"),
    path("ideas/settings/", views.idea_settings, name="settings"),
    path("ideas/<uuid:idea_id>/", views.idea_detail, name="detail"),
    path("ideas/<uuid:idea_id>/raised/", views.idea_raised, name="raised"),
    path("ideas/<uuid:idea_id>/move/", views.idea_move, name="move"),
    path("ideas/<uuid:idea_id>/forum/", views.forum_decide, name="forum_decide"),
    path("ideas/<uuid:idea_id>/outcomes/new/", views.outcome_new, name="outcome_new"),
    path("ideas/<uuid:idea_id>/outcomes/<uuid:outcome_id>/milestone/", views.milestone_new, name="milestone_new"),
    path("me/heard/", views.heard, name="heard"),
    path("me/ideas/<uuid:idea_id>/", views.my_idea, name="mine"),
    path("you-said-we-did/<uuid:unit_id>/", views.said_did, name="said_did"),
    path("you-said-we-did/<uuid:unit_id>/<str:month>/poster.pdf", views.said_did_poster, name="poster"),
]
