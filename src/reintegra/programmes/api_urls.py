from rest_framework.routers import SimpleRouter

from reintegra.programmes.api import CohortViewSet, EnrolmentViewSet, ProgrammeViewSet

app_name = "programmes-api"

router = SimpleRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
urlpatterns = router.urls
