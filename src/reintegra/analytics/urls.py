from django.urls import path

from reintegra.analytics import views

app_name = "analytics"
urlpatterns = [
    path("models/", views.model_list, name="model-list"),
    path("models/<int:pk>/", views.model_detail, name="model-detail"),
    path("models/<int:pk>/activate/", views.model_activate, name="model-activate"),
]
