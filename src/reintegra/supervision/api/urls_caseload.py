"""Routes: caseload, supervision periods, levels, conditions, contacts and appointments (API)."""
from django.urls import path

from reintegra.supervision.api import caseload as api

urlpatterns: list = [
    path("caseload/", api.CaseloadView.as_view(), name="caseload"),
    path("periods/<int:pk>/", api.PeriodDetailView.as_view(), name="period-detail"),
    path("periods/<int:pk>/levels/", api.LevelListView.as_view(), name="period-levels"),
    path("periods/<int:pk>/conditions/", api.ConditionListView.as_view(), name="period-conditions"),
    path("periods/<int:pk>/contacts/", api.ContactListView.as_view(), name="period-contacts"),
    path("periods/<int:pk>/appointments/", api.AppointmentListView.as_view(), name="period-appointments"),
    path("conditions/<int:pk>/end/", api.ConditionEndView.as_view(), name="condition-end"),
    path("conditions/<int:pk>/void/", api.ConditionVoidView.as_view(), name="condition-void"),
    path("contacts/<int:pk>/void/", api.ContactVoidView.as_view(), name="contact-void"),
    path("appointments/<int:pk>/cancel/", api.AppointmentCancelView.as_view(), name="appointment-cancel"),
]
