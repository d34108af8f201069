from django.urls import path

from withus.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.outbox, name="outbox"),
    path("notifications/callback/", views.callback, name="callback"),
    path("notifications/<uuid:message_id>/", views.message_detail, name="detail"),
    path("notifications/<uuid:message_id>/resend/", views.message_resend, name="resend"),
    path("notifications/<uuid:message_id>/done/", views.message_done, name="done"),
    path("notifications/<uuid:message_id>/letter.pdf", views.letter_pdf, name="letter"),
    path("people/<uuid:person_id>/contact/", views.person_contact, name="person_contact"),
    path("me/contact/", views.my_contact, name="my_contact"),
    path("me/messages/", views.my_messages, name="my_messages"),
]
