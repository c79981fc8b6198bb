"""A URL configuration for core's tests: the project's routes plus stand-ins for the apps the
dashboard links to, so the tests do not depend on whether those apps are built yet."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from reintegra.config.urls import urlpatterns as project_urlpatterns
from reintegra.core.errors import AccessDenied


def stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stand-in")


def refuses_with_permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def refuses_with_access_denied(request: HttpRequest) -> HttpResponse:
    raise AccessDenied("person.view")


people_patterns = ([path("", stand_in, name="search"), path("new/", stand_in, name="create")], "people")
analytics_patterns = ([path("models/", stand_in, name="model-list")], "analytics")
justice_patterns = ([path("offences/", stand_in, name="offence-list")], "justice")
partners_patterns = ([path("referrals/", stand_in, name="referral-list")], "partners")
audit_patterns = ([path("", stand_in, name="search")], "audit")

urlpatterns = [
    path("test-people/", include(people_patterns)),
    path("test-analytics/", include(analytics_patterns)),
    path("test-justice/", include(justice_patterns)),
    path("test-partners/", include(partners_patterns)),
    path("test-audit/", include(audit_patterns)),
    path("test-denied/", refuses_with_permission_denied),
    path("test-access-denied/", refuses_with_access_denied),
    *[p for p in project_urlpatterns if getattr(p, "pattern", None) is not None],
]
