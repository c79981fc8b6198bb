"""Routes: eligibility flags, reviews and the net-widening view (pages)."""
from django.urls import path

from reintegra.supervision.views import eligibility

urlpatterns: list = [
    path("eligibility/", eligibility.flag_list, name="eligibility"),
    path("eligibility/custody/", eligibility.custody_flag_list, name="eligibility-custody"),
    path("periods/<int:pk>/eligibility/", eligibility.period_eligibility, name="period-eligibility"),
    path("periods/<int:pk>/eligibility/<slug:rule>/review/", eligibility.period_review,
         name="period-eligibility-review"),
    path("custody/<int:pk>/eligibility/", eligibility.episode_eligibility, name="episode-eligibility"),
    path("custody/<int:pk>/eligibility/<slug:rule>/review/", eligibility.episode_review,
         name="episode-eligibility-review"),
    path("net-widening/", eligibility.net_widening, name="net-widening"),
]
