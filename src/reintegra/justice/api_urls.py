from django.urls import path
from rest_framework.routers import SimpleRouter

from reintegra.justice import api

app_name = "justice-api"

router = SimpleRouter()
router.register("offences", api.OffenceViewSet, basename="offence")
router.register("cases", api.CaseViewSet, basename="case")
router.register("charges", api.ChargeViewSet, basename="charge")
router.register("custody-episodes", api.CustodyEpisodeViewSet, basename="custody-episode")
router.register("supervision-periods", api.SupervisionPeriodViewSet, basename="supervision-period")

urlpatterns = [
    path("persons/<int:person_pk>/status/", api.PersonStatusView.as_view(), name="person-status"),
    *router.urls,
]
