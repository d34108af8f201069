from django.urls import path

from withus.improvement.views import diagram, measures, pdsa, projects, summaries

app_name = "improvement"

project = "projects/<uuid:project_id>/"
measure = f"{project}measures/<uuid:measure_id>/"

urlpatterns = [
    path("projects/", projects.portfolio, name="portfolio"),
    path("projects/add/", projects.project_add, name="add"),
    path("projects/involvement/", summaries.involvement, name="involvement"),
    path("projects/measures/", summaries.summaries, name="summaries"),
    path("projects/units/<uuid:unit_id>/measures/", summaries.unit_summary, name="unit_summary"),
    path("me/projects/", projects.my_projects, name="mine"),
    path(project, projects.project_detail, name="detail"),
    path(f"{project}edit/", projects.project_edit, name="edit"),
    path(f"{project}stage/", projects.project_stage, name="stage"),
    path(f"{project}team/add/", projects.team_add, name="team_add"),
    path(f"{project}team/<uuid:member_id>/leave/", projects.team_leave, name="team_leave"),
    path(f"{project}consultations/add/", projects.consultation_add, name="consultation_add"),
    path(f"{project}driver-diagram/", diagram.driver_diagram, name="diagram"),
    path(f"{project}driver-diagram/add/", diagram.node_add, name="node_add"),
    path(f"{project}driver-diagram/<uuid:parent_id>/add/", diagram.node_add, name="node_add_under"),
    path(f"{project}driver-diagram/<uuid:node_id>/rename/", diagram.node_rename, name="node_rename"),
    path(f"{project}driver-diagram/<uuid:node_id>/move/<str:direction>/", diagram.node_move, name="node_move"),
    path(f"{project}driver-diagram/<uuid:node_id>/delete/", diagram.node_delete, name="node_delete"),
    path(f"{project}pdsa/add/", pdsa.pdsa_add, name="pdsa_add"),
    path(f"{project}pdsa/<uuid:cycle_id>/", pdsa.pdsa_edit, name="pdsa_edit"),
    path(f"{project}measures/add/", measures.measure_add, name="measure_add"),
    path(measure, measures.measure_detail, name="measure"),
    path(f"{measure}edit/", measures.measure_edit, name="measure_edit"),
    path(f"{measure}chart.svg", measures.measure_svg, name="measure_svg"),
    path(f"{measure}chart.png", measures.measure_png, name="measure_png"),
    path(f"{measure}data.csv", measures.measure_csv, name="measure_csv"),
    path(f"{measure}points/add/", measures.point_add, name="point_add"),
    path(f"{measure}points/import/", measures.points_import, name="points_import"),
    path(f"{measure}points/<uuid:point_id>/", measures.point_edit, name="point_edit"),
    path(f"{measure}points/<uuid:point_id>/delete/", measures.point_delete, name="point_delete"),
    path(f"{measure}recalculations/add/", measures.recalculation_add, name="recalculation_add"),
    path(f"{measure}recalculations/decline/", measures.suggestion_decline, name="suggestion_decline"),
    path(
        f"{measure}recalculations/<uuid:recalculation_id>/delete/",
        measures.recalculation_delete,
        name="recalculation_delete",
    ),
    path(f"{measure}notes/add/", measures.annotation_add, name="annotation_add"),
    path(f"{measure}notes/<uuid:annotation_id>/delete/", measures.annotation_delete, name="annotation_delete"),
]
