from rest_framework.routers import SimpleRouter

from reintegra.assessments.api import AssessmentViewSet, InstrumentViewSet

app_name = "assessments-api"

router = SimpleRouter()
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("", AssessmentViewSet, basename="assessment")
urlpatterns = router.urls
