"""Supervision API, mounted at /api/supervision/: one module per area."""
from django.urls import include, path

app_name = "supervision-api"

urlpatterns = [
    path("", include("reintegra.supervision.api.urls_caseload")),
    path("", include("reintegra.supervision.api.urls_compliance")),
    path("", include("reintegra.supervision.api.urls_eligibility")),
    path("", include("reintegra.supervision.api.urls_volunteers")),
]
