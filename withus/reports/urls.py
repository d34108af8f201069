from django.urls import path

from withus.reports import views, views_pcref

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
    path("reports/equity/population/", views.population_upload, name="population"),
    path("reports/pcref/", views_pcref.pcref, name="pcref"),
    path("reports/pcref/<int:year>/evidence.pdf", views_pcref.pcref_pdf, name="pcref_pdf"),
    path("reports/pcref/lead/", views_pcref.pcref_lead, name="pcref_lead"),
    path("reports/pcref/actions/add/", views_pcref.pcref_action_add_view, name="pcref_action_add"),
    path("reports/pcref/actions/<uuid:pcref_action_id>/", views_pcref.pcref_action, name="pcref_action"),
    path(
        "reports/pcref/<int:year>/assessment/<slug:competency>/",
        views_pcref.pcref_assessment,
        name="pcref_assessment",
    ),
    path("reports/pcref/monitoring/add/", views_pcref.pcref_monitoring_add_view, name="pcref_monitoring_add"),
    path("reports/pcref/eds/<int:year>/", views_pcref.eds, name="eds"),
    path("reports/pcref/eds/<int:year>/<str:outcome>/", views_pcref.eds_score, name="eds_score"),
]
