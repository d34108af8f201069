from django.urls import path

from withus.accreditation.views import reviews as views
from withus.accreditation.views import scoring_rules, standards, steps

app_name = "accreditation"

urlpatterns = [
    path("accreditation/", views.programme, name="programme"),
    path("me/accreditation/", views.mine, name="mine"),
    path("accreditation/reviews/new/", views.review_new, name="new"),
    path("accreditation/reviews/<uuid:review_id>/", views.review_detail, name="review"),
    path("accreditation/reviews/<uuid:review_id>/rate/", views.review_rate, name="rate"),
    path("accreditation/reviews/<uuid:review_id>/team/", views.review_team, name="team"),
    path("accreditation/reviews/<uuid:review_id>/self-review/", views.review_self, name="self_review"),
    path("accreditation/reviews/<uuid:review_id>/agree/", views.review_agree, name="agree"),
    path("accreditation/reviews/<uuid:review_id>/advance/", views.review_advance, name="advance"),
    path("accreditation/reviews/<uuid:review_id>/decide/", views.review_decide, name="decide"),
    path("accreditation/reviews/<uuid:review_id>/report-agreed/", steps.report_agreed, name="report_agreed"),
    path("accreditation/reviews/<uuid:review_id>/service-user-panel/", steps.service_user_panel, name="su_panel"),
    path("accreditation/reviews/<uuid:review_id>/actions/<uuid:action_id>/", steps.action_edit, name="action"),
    path(
        "accreditation/reviews/<uuid:review_id>/actions/<uuid:action_id>/qi-project/",
        steps.action_project,
        name="action_project",
    ),
    path("accreditation/reviews/<uuid:review_id>/appeal/", steps.appeal_lodge, name="appeal"),
    path("accreditation/reviews/<uuid:review_id>/appeal/hearing/", steps.appeal_hear, name="appeal_hear"),
    path("accreditation/reviews/<uuid:review_id>/report.pdf", steps.report_pdf, name="report_pdf"),
    path("accreditation/units/<uuid:unit_id>/", steps.unit_public, name="unit_public"),
    path("accreditation/standards/", standards.standard_sets, name="standards"),
    path("accreditation/standards/sets/<uuid:set_id>/new-edition/", standards.edition_new, name="edition_new"),
    path("accreditation/standards/<uuid:edition_id>/", standards.edition_detail, name="edition"),
    path("accreditation/standards/<uuid:edition_id>/changes/", standards.edition_changes, name="edition_changes"),
    path("accreditation/standards/<uuid:edition_id>/themes/new/", standards.theme_new, name="theme_new"),
    path("accreditation/standards/<uuid:edition_id>/themes/<uuid:theme_id>/", standards.theme_edit, name="theme"),
    path("accreditation/standards/<uuid:edition_id>/standards/new/", standards.standard_new, name="standard_new"),
    path(
        "accreditation/standards/<uuid:edition_id>/standards/<uuid:standard_id>/",
        standards.standard_edit,
        name="standard",
    ),
    path(
        "accreditation/standards/<uuid:edition_id>/standards/<uuid:standard_id>/remove/",
        standards.standard_remove,
        name="standard_remove",
    ),
    path("accreditation/standards/<uuid:edition_id>/review/", standards.edition_send_for_review, name="edition_review"),
    path("accreditation/standards/<uuid:edition_id>/publish/", standards.edition_publish, name="edition_publish"),
    path("accreditation/rules/", scoring_rules.rule_list, name="rules"),
    path("accreditation/rules/<uuid:rule_id>/", scoring_rules.rule_edit, name="rule"),
]
