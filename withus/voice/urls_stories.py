from django.urls import path

from withus.voice import views_stories as views

app_name = "stories"

story = "stories/<uuid:story_id>/"

urlpatterns = [
    path("stories/", views.story_list, name="list"),
    path("stories/new/", views.story_new, name="new"),
    path("stories/moderation/", views.moderation_queue, name="queue"),
    path("stories/response-times/", views.response_times, name="response_times"),
    path("stories/export.csv", views.story_export, name="export"),
    path("stories/settings/", views.story_settings, name="settings"),
    path("me/stories/", views.my_stories, name="mine"),
    path(story, views.story_detail, name="detail"),
    path(f"{story}draft/", views.story_draft, name="draft"),
    path(f"{story}moderate/", views.story_moderate, name="moderate"),
    path(f"{story}edit/", views.story_edit, name="edit"),
    path(f"{story}decide/", views.story_decide, name="decide"),
    path(f"{story}risk/", views.story_flag_risk, name="risk"),
    path(f"{story}approve/", views.story_approve, name="approve"),
    path(f"{story}consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="withdraw"),
    path(f"{story}responses/add/", views.response_add, name="respond"),
    path(f"{story}responses/<uuid:response_id>/reply/", views.response_reply, name="reply"),
    path(f"{story}uses/add/", views.use_add, name="use_add"),
    path(f"{story}media/", views.story_media, name="media"),
    path(f"{story}media/remove/", views.story_media_withdraw, name="media_withdraw"),
]
