from django.urls import path

from withus.accreditation import views

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
]
