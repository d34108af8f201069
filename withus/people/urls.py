from django.urls import path

from withus.people import privacy_views, views

app_name = "people"

urlpatterns = [
    path("people/", views.register, name="register"),
    path("people/add/", views.person_add, name="add"),
    path("people/export.csv", views.register_export, name="register_export"),
    path("people/print/", views.register_print, name="register_print"),
    path("people/equality-summary/", views.equality_summary, name="equality_summary"),
    path("people/<uuid:person_id>/", views.person_detail, name="detail"),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("people/<uuid:person_id>/status/", views.person_status, name="status"),
    path("people/<uuid:person_id>/lead/", views.person_lead, name="lead"),
    path("people/<uuid:person_id>/sign-in/", views.person_sign_in, name="sign_in"),
    path("people/<uuid:person_id>/consent/<str:topic>/", views.person_consent, name="consent"),
    path("people/<uuid:person_id>/equality/", views.person_equality, name="equality"),
    path("people/<uuid:person_id>/data-decision/", privacy_views.data_decision, name="data_decision"),
    path("people/<uuid:person_id>/export/", privacy_views.export, name="export"),
    path("me/", views.me, name="me"),
    path("me/details/", views.me_edit, name="me_edit"),
    path("me/consent/<str:topic>/withdraw/", views.me_consent_withdraw, name="me_consent_withdraw"),
]
