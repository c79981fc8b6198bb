from django.urls import path

from reintegra.analytics import api

app_name = "analytics-api"
urlpatterns = [
    path("models/", api.TrainedModelListView.as_view(), name="model-list"),
    path("models/<int:pk>/", api.TrainedModelDetailView.as_view(), name="model-detail"),
    path("models/<int:pk>/card/", api.TrainedModelCardView.as_view(), name="model-card"),
]
