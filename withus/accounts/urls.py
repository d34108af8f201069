from django.urls import path

from withus.accounts import views, views_directory, views_language

app_name = "accounts"

urlpatterns = [
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("audit/", views.audit_log, name="audit_log"),
    path("me/language/", views_language.choose_language, name="language"),
    # Issue 17, ADR 34: sign in with a code sent by text message (the code is typed on allauth's code page).
    path("accounts/login/text/", views.request_sign_in_text_code, name="sign_in_by_text"),
    path("accounts/users/", views.users, name="users"),
    path("accounts/users/invite/", views.user_invite, name="user_invite"),
    path("accounts/users/<uuid:user_id>/", views.user_detail, name="user"),
    path("accounts/users/<uuid:user_id>/roles/", views.user_roles, name="user_roles"),
    path("accounts/users/<uuid:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("accounts/users/<uuid:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("accounts/users/<uuid:user_id>/two-step/reset/", views.user_reset_two_step, name="user_reset_two_step"),
    # Issue 24: sign in with Microsoft, the directory's roles, invitation links and signed-in devices.
    path("accounts/microsoft/", views_directory.microsoft_start, name="microsoft_start"),
    path("accounts/microsoft/callback/", views_directory.microsoft_callback, name="microsoft_callback"),
    path("accounts/microsoft/invitation/<str:key>/", views_directory.microsoft_invitation, name="microsoft_invitation"),
    path("accounts/directory-roles/", views_directory.directory_roles, name="directory_roles"),
    path(
        "accounts/directory-roles/<uuid:mapping_id>/remove/",
        views_directory.directory_role_remove,
        name="directory_role_remove",
    ),
    path(
        "accounts/users/<uuid:user_id>/microsoft-invitation/",
        views_directory.user_directory_invite,
        name="user_directory_invite",
    ),
    path("accounts/users/<uuid:user_id>/sessions/end/", views_directory.user_end_sessions, name="user_end_sessions"),
    path("accounts/sessions/", views_directory.sessions, name="sessions"),
]
