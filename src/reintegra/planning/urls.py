from django.urls import path  # noqa: F401  (pages are added with the views)

app_name = "planning"

urlpatterns: list = []
