from django.urls import path

from reintegra.privacy import views

app_name = "privacy"

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement-edit"),
    path("subject-access/", views.subject_access, name="subject-access"),
    path("retention/", views.retention, name="retention"),
    path("extract/", views.extract_page, name="extract"),
]
