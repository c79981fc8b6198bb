"""Release preparation API (``/api/release/``)."""
from rest_framework.routers import SimpleRouter

from reintegra.reentry.api import PreparationViewSet

app_name = "reentry-api"

router = SimpleRouter()
router.register("", PreparationViewSet, basename="preparation")
urlpatterns = router.urls
