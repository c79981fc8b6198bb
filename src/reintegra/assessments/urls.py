from django.urls import path

from reintegra.assessments import views

app_name = "assessments"

urlpatterns = [
    path("due/", views.due_list, name="due"),
    path("persons/<int:person_pk>/", views.person_list, name="person-list"),
    path("persons/<int:person_pk>/start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/override/", views.override, name="override"),
    path("<int:pk>/countersign/", views.countersign, name="countersign"),
    path("<int:pk>/correct/", views.correct, name="correct"),
]
