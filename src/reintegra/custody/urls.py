from django.urls import path

from reintegra.custody import allocation_views, views

app_name = "custody"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility-detail"),
    path("allocation/persons/<int:person_pk>/", allocation_views.allocation, name="allocation"),
    path("allocation/persons/<int:person_pk>/decide/", allocation_views.decide, name="allocation-decide"),
]
