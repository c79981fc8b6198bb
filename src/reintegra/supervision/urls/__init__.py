"""Supervision pages, mounted at /supervision/: one module per area."""
from django.urls import include, path

app_name = "supervision"

urlpatterns = [
    path("", include("reintegra.supervision.urls.caseload")),
    path("", include("reintegra.supervision.urls.compliance")),
    path("", include("reintegra.supervision.urls.eligibility")),
    path("", include("reintegra.supervision.urls.volunteers")),
]
