from django.urls import path

from reintegra.custody import views

app_name = "custody"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility-detail"),
]
