from django.urls import path

from withus.payments import views

app_name = "payments"

urlpatterns = [
    path("me/payments/", views.my_payments, name="my_payments"),
    path("me/payments/limits/new/", views.my_limit_add, name="my_limit_add"),
    path("me/payments/limits/<uuid:limit_id>/remove/", views.my_limit_remove, name="my_limit_remove"),
    path("me/payments/preference/", views.my_preference, name="my_preference"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<uuid:claim_id>/", views.claim_detail, name="claim"),
    path("claims/<uuid:claim_id>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<uuid:claim_id>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<uuid:claim_id>/reject/", views.claim_reject, name="claim_reject"),
    path("claims/<uuid:claim_id>/cancel/", views.claim_void, name="claim_void"),
    path("claims/<uuid:claim_id>/expenses/new/", views.claim_expense_add, name="claim_expense_add"),
    path("claims/<uuid:claim_id>/lines/<uuid:line_id>/remove/", views.claim_line_remove, name="claim_line_remove"),
    path("claims/<uuid:claim_id>/lines/<uuid:line_id>/amount/", views.claim_line_lower, name="claim_line_lower"),
    path("claims/<uuid:claim_id>/receipts/<uuid:receipt_id>/", views.receipt_download, name="receipt"),
    path("finance/batches/", views.batch_list, name="batches"),
    path("finance/batches/<uuid:batch_id>/", views.batch_detail, name="batch"),
    path("finance/batches/<uuid:batch_id>/paid/", views.batch_paid, name="batch_paid"),
    path("finance/batches/<uuid:batch_id>/remittance/", views.batch_remittance, name="batch_remittance"),
    path("finance/batches/<uuid:batch_id>/export.csv", views.batch_csv, name="batch_csv"),
    path("finance/batches/<uuid:batch_id>/export.xlsx", views.batch_xlsx, name="batch_xlsx"),
    path("finance/rates/", views.rate_list, name="rates"),
    path("finance/rates/new/", views.rate_add, name="rate_add"),
    path("finance/benefit-amounts/new/", views.benefit_reference_add, name="benefit_add"),
    path("finance/lateness/", views.lateness, name="lateness"),
    path("people/<uuid:person_id>/payment-preference/", views.person_preference, name="person_preference"),
]
