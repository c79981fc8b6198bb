"""community API."""
from rest_framework.routers import SimpleRouter

from reintegra.community.api import DiversionViewSet, OrderViewSet, RestorativeViewSet

app_name = "community-api"

router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("diversions", DiversionViewSet, basename="diversion")
router.register("restorative", RestorativeViewSet, basename="restorative")
urlpatterns = router.urls
