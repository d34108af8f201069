from django.urls import path

from withus.improvement import views

app_name = "improvement"

project = "projects/<uuid:project_id>/"
measure = f"{project}measures/<uuid:measure_id>/"

urlpatterns = [
    path("projects/", views.portfolio, name="portfolio"),
    path("projects/add/", views.project_add, name="add"),
    path("projects/involvement/", views.involvement, name="involvement"),
    path("projects/measures/", views.summaries, name="summaries"),
    path("projects/units/<uuid:unit_id>/measures/", views.unit_summary, name="unit_summary"),
    path("me/projects/", views.my_projects, name="mine"),
    path(project, views.project_detail, name="detail"),
    path(f"{project}edit/", views.project_edit, name="edit"),
    path(f"{project}stage/", views.project_stage, name="stage"),
    path(f"{project}team/add/", views.team_add, name="team_add"),
    path(f"{project}team/<uuid:member_id>/leave/", views.team_leave, name="team_leave"),
    path(f"{project}consultations/add/", views.consultation_add, name="consultation_add"),
    path(f"{project}driver-diagram/", views.driver_diagram, name="diagram"),
    path(f"{project}driver-diagram/add/", views.node_add, name="node_add"),
    path(f"{project}driver-diagram/<uuid:parent_id>/add/", views.node_add, name="node_add_under"),
    path(f"{project}driver-diagram/<uuid:node_id>/rename/", views.node_rename, name="node_rename"),
    path(f"{project}driver-diagram/<uuid:node_id>/move/<str:direction>/", views.node_move, name="node_move"),
    path(f"{project}driver-diagram/<uuid:node_id>/delete/", views.node_delete, name="node_delete"),
    path(f"{project}pdsa/add/", views.pdsa_add, name="pdsa_add"),
    path(f"{project}pdsa/<uuid:cycle_id>/", views.pdsa_edit, name="pdsa_edit"),
    path(f"{project}measures/add/", views.measure_add, name="measure_add"),
    path(measure, views.measure_detail, name="measure"),
    path(f"{measure}edit/", views.measure_edit, name="measure_edit"),
    path(f"{measure}chart.svg", views.measure_svg, name="measure_svg"),
    path(f"{measure}chart.png", views.measure_png, name="measure_png"),
    path(f"{measure}data.csv", views.measure_csv, name="measure_csv"),
    path(f"{measure}points/add/", views.point_add, name="point_add"),
    path(f"{measure}points/import/", views.points_import, name="points_import"),
    path(f"{measure}points/<uuid:point_id>/", views.point_edit, name="point_edit"),
    path(f"{measure}points/<uuid:point_id>/delete/", views.point_delete, name="point_delete"),
    path(f"{measure}recalculations/add/", views.recalculation_add, name="recalculation_add"),
    path(
        f"{measure}recalculations/<uuid:recalculation_id>/delete/",
        views.recalculation_delete,
        name="recalculation_delete",
    ),
    path(f"{measure}notes/add/", views.annotation_add, name="annotation_add"),
    path(f"{measure}notes/<uuid:annotation_id>/delete/", views.annotation_delete, name="annotation_delete"),
]
