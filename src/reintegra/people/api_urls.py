from rest_framework.routers import SimpleRouter

from reintegra.people.api import PersonViewSet

app_name = "people-api"

router = SimpleRouter()
router.register("", PersonViewSet, basename="person")
urlpatterns = router.urls
