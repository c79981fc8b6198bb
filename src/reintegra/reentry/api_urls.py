"""reentry API."""
from django.urls import path  # noqa: F401

app_name = "reentry-api"

urlpatterns: list = []
