from django.urls import path

from withus.accounts import views, views_language

app_name = "accounts"

urlpatterns = [
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("audit/", views.audit_log, name="audit_log"),
    path("me/language/", views_language.choose_language, name="language"),
    path("accounts/users/", views.users, name="users"),
    path("accounts/users/invite/", views.user_invite, name="user_invite"),
    path("accounts/users/<uuid:user_id>/", views.user_detail, name="user"),
    path("accounts/users/<uuid:user_id>/roles/", views.user_roles, name="user_roles"),
    path("accounts/users/<uuid:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("accounts/users/<uuid:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("accounts/users/<uuid:user_id>/two-step/reset/", views.user_reset_two_step, name="user_reset_two_step"),
]
