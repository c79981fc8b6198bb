"""community API."""
from django.urls import path  # noqa: F401

app_name = "community-api"

urlpatterns: list = []
