from django.urls import path

from reintegra.custody.allocation_api import (
    AllocationAdmitView, AllocationDecisionsView, AllocationRankingView, UnitOccupancySeriesView, UnitOccupancyView,
)
from reintegra.custody.api import OccupancySeriesView, OccupancyView

app_name = "custody-api"

urlpatterns = [
    path("occupancy/", OccupancyView.as_view(), name="occupancy"),
    path("facilities/<int:pk>/occupancy-series/", OccupancySeriesView.as_view(), name="occupancy-series"),
    path("facilities/<int:pk>/units/", UnitOccupancyView.as_view(), name="unit-occupancy"),
    path("facilities/<int:pk>/units/occupancy-series/", UnitOccupancySeriesView.as_view(),
         name="unit-occupancy-series"),
    path("allocation/persons/<int:person_pk>/", AllocationRankingView.as_view(), name="allocation-ranking"),
    path("allocation/persons/<int:person_pk>/decisions/", AllocationDecisionsView.as_view(), name="allocation-decisions"),
    path("allocation/persons/<int:person_pk>/admit/", AllocationAdmitView.as_view(), name="allocation-admit"),
]
