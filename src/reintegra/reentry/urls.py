"""Release preparation pages (``/release/``)."""
from django.urls import path

from reintegra.reentry import views

app_name = "reentry"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("handovers/", views.handovers, name="handovers"),
    path("persons/<int:person_pk>/open/", views.open_preparation, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/pathways/<int:pathway_pk>/", views.pathway_edit, name="pathway"),
    path("<int:pk>/pathways/<int:pathway_pk>/actions/new/", views.action_add, name="action-add"),
    path("<int:pk>/pathways/<int:pathway_pk>/evidence/new/", views.evidence_add, name="evidence-add"),
    path("<int:pk>/actions/<int:release_action_pk>/", views.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:release_action_pk>/void/", views.action_void, name="action-void"),
    path("<int:pk>/evidence/<int:evidence_pk>/void/", views.evidence_void, name="evidence-void"),
    path("<int:pk>/checklist/<int:item_pk>/", views.checklist_item, name="checklist-item"),
    path("<int:pk>/handover/", views.handover_view, name="handover"),
    path("<int:pk>/handover/edit/", views.handover_edit, name="handover-edit"),
    path("<int:pk>/handover/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/family/", views.family, name="family"),
    path("<int:pk>/release/", views.release, name="release"),
]
