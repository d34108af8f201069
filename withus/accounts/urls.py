from django.urls import path

from withus.accounts import views

app_name = "accounts"

urlpatterns = [
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("audit/", views.audit_log, name="audit_log"),
]
