urlpatterns: list = []  # /api/v1/ (issue 23) is mounted here
