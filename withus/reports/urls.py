from django.urls import path

from withus.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/board/", views.pack_list, name="board"),
    path("reports/board/<uuid:pack_id>/", views.pack_detail, name="pack"),
    path("reports/board/<uuid:pack_id>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("reports/board/<uuid:pack_id>/narrative/<slug:metric_code>/", views.pack_narrative, name="narrative"),
    path("reports/board/<uuid:pack_id>/sign/", views.pack_sign, name="sign"),
    path("reports/metrics/<slug:metric_code>/", views.metric_live, name="metric"),
    path("reports/annual/<int:year>/", views.annual_report, name="annual"),
    path("reports/annual/<int:year>/report.pdf", views.annual_report_pdf, name="annual_pdf"),
    path("reports/equity/", views.equity, name="equity"),
]
