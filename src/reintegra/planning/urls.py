from django.urls import path

from reintegra.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("persons/<int:person_pk>/new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/goals/new/", views.goal_add, name="goal-add"),
    path("<int:pk>/goals/<int:goal_pk>/", views.goal_edit, name="goal-edit"),
    path("<int:pk>/goals/<int:goal_pk>/void/", views.goal_void, name="goal-void"),
    path("<int:pk>/goals/<int:goal_pk>/actions/new/", views.action_add, name="action-add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/void/", views.action_void, name="action-void"),
    path("<int:pk>/actions/<int:action_pk>/enrol/", views.action_enrol, name="action-enrol"),
    path("<int:pk>/suggestions/add/", views.suggestion_add, name="suggestion-add"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/countersign/", views.countersign, name="countersign"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/handover/", views.handover, name="handover"),
    path("<int:pk>/handovers/<int:handover_pk>/acknowledge/", views.handover_acknowledge, name="handover-acknowledge"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/compare/", views.compare, name="compare"),
]
