from rest_framework.routers import SimpleRouter

from reintegra.planning.api import PlanViewSet

app_name = "planning-api"

router = SimpleRouter()
router.register("", PlanViewSet, basename="plan")
urlpatterns = router.urls
