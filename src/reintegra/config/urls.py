from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from reintegra.accounts.forms import LoginForm
from reintegra.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("reintegra.accounts.urls")),
    # Open without login: the language switcher is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("people/", include("reintegra.people.urls")),
    path("api/people/", include("reintegra.people.api_urls")),
    path("justice/", include("reintegra.justice.urls")),
    path("audit/", include("reintegra.audit.urls")),
    path("api/accounts/", include("reintegra.accounts.api_urls")),
    path("api/justice/", include("reintegra.justice.api_urls")),
    path("analytics/", include("reintegra.analytics.urls")),
    path("api/analytics/", include("reintegra.analytics.api_urls")),
    path("assessments/", include("reintegra.assessments.urls")),
    path("partners/", include("reintegra.partners.urls")),
    path("api/partners/", include("reintegra.partners.api_urls")),
    path("api/assessments/", include("reintegra.assessments.api_urls")),
    path("privacy/", include("reintegra.privacy.urls")),
    path("custody/", include("reintegra.custody.urls")),
    path("api/custody/", include("reintegra.custody.api_urls")),
    path("programmes/", include("reintegra.programmes.urls")),
    path("api/programmes/", include("reintegra.programmes.api_urls")),
    path("plans/", include("reintegra.planning.urls")),
    path("api/plans/", include("reintegra.planning.api_urls")),
    path("supervision/", include("reintegra.supervision.urls")),
    path("api/supervision/", include("reintegra.supervision.api_urls")),
    path("community/", include("reintegra.community.urls")),
    path("api/community/", include("reintegra.community.api_urls")),
    path("release/", include("reintegra.reentry.urls")),
    path("api/release/", include("reintegra.reentry.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
