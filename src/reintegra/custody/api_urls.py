from django.urls import path

from reintegra.custody.api import OccupancySeriesView, OccupancyView

app_name = "custody-api"

urlpatterns = [
    path("occupancy/", OccupancyView.as_view(), name="occupancy"),
    path("facilities/<int:pk>/occupancy-series/", OccupancySeriesView.as_view(), name="occupancy-series"),
]
