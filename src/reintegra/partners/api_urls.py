from rest_framework.routers import SimpleRouter

from reintegra.partners.api import ConsentViewSet, ReferralViewSet

app_name = "partners-api"

router = SimpleRouter()
router.register("referrals", ReferralViewSet, basename="referral")
router.register("consents", ConsentViewSet, basename="consent")
urlpatterns = router.urls
