"""Routes: eligibility flags, reviews and the net-widening table (API)."""
from django.urls import path

from reintegra.supervision.api import eligibility

urlpatterns: list = [
    path("eligibility/flags/", eligibility.FlagList.as_view(), name="eligibility-flags"),
    path("eligibility/reviews/", eligibility.ReviewList.as_view(), name="eligibility-reviews"),
    path("periods/<int:pk>/eligibility/", eligibility.TargetEligibility.as_view(), name="period-eligibility"),
    path("custody/<int:pk>/eligibility/", eligibility.EpisodeEligibility.as_view(), name="episode-eligibility"),
    path("net-widening/", eligibility.NetWidening.as_view(), name="net-widening"),
]
