from django.urls import path

from withus.payments.views import batches, claims, finance, mine, preferences

app_name = "payments"

urlpatterns = [
    path("me/payments/", mine.my_payments, name="my_payments"),
    path("me/payments/limits/new/", mine.my_limit_add, name="my_limit_add"),
    path("me/payments/<str:tax_year>/summary.pdf", mine.my_tax_year_summary, name="my_tax_year_summary"),
    path("me/payments/limits/<uuid:limit_id>/remove/", mine.my_limit_remove, name="my_limit_remove"),
    path("me/payments/preference/", mine.my_preference, name="my_preference"),
    path("claims/", claims.claim_list, name="claims"),
    path("claims/new/", claims.claim_new, name="claim_new"),
    path("claims/<uuid:claim_id>/", claims.claim_detail, name="claim"),
    path("claims/<uuid:claim_id>/submit/", claims.claim_submit, name="claim_submit"),
    path("claims/<uuid:claim_id>/approve/", claims.claim_approve, name="claim_approve"),
    path("claims/<uuid:claim_id>/reject/", claims.claim_reject, name="claim_reject"),
    path("claims/<uuid:claim_id>/cancel/", claims.claim_void, name="claim_void"),
    path("claims/<uuid:claim_id>/return/", claims.claim_return, name="claim_return"),
    path("claims/<uuid:claim_id>/expenses/new/", claims.claim_expense_add, name="claim_expense_add"),
    path("claims/<uuid:claim_id>/lines/<uuid:line_id>/remove/", claims.claim_line_remove, name="claim_line_remove"),
    path("claims/<uuid:claim_id>/lines/<uuid:line_id>/amount/", claims.claim_line_lower, name="claim_line_lower"),
    path("claims/<uuid:claim_id>/receipts/<uuid:receipt_id>/", claims.receipt_download, name="receipt"),
    path("finance/batches/", batches.batch_list, name="batches"),
    path("finance/batches/<uuid:batch_id>/", batches.batch_detail, name="batch"),
    path("finance/batches/<uuid:batch_id>/paid/", batches.batch_paid, name="batch_paid"),
    path("finance/batches/<uuid:batch_id>/remittance/", batches.batch_remittance, name="batch_remittance"),
    path("finance/batches/<uuid:batch_id>/export.csv", batches.batch_csv, name="batch_csv"),
    path("finance/batches/<uuid:batch_id>/export.xlsx", batches.batch_xlsx, name="batch_xlsx"),
    path("finance/rates/", finance.rate_list, name="rates"),
    path("finance/rates/new/", finance.rate_add, name="rate_add"),
    path("finance/benefit-amounts/new/", finance.benefit_reference_add, name="benefit_add"),
    path("finance/lateness/", finance.lateness, name="lateness"),
    path("people/<uuid:person_id>/payment-preference/", preferences.person_preference, name="person_preference"),
    path("people/<uuid:person_id>/advances/new/", preferences.advance_add, name="advance_add"),
]
