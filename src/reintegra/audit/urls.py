from django.urls import path

from reintegra.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("purpose/<int:person_id>/", views.purpose, name="purpose"),
]
