"""Routes: compliance events, responses and recall decisions (API)."""
from django.urls import path

from reintegra.supervision.api import compliance as api

urlpatterns: list = [
    path("periods/<int:pk>/events/", api.PeriodEventsView.as_view(), name="period-events"),
    path("periods/<int:pk>/recall-decisions/", api.RecallDecisionsView.as_view(), name="period-recall-decisions"),
    path("events/<int:pk>/void/", api.EventVoidView.as_view(), name="event-void"),
    path("events/<int:pk>/proposal/", api.EventProposalView.as_view(), name="event-proposal"),
    path("events/<int:pk>/response/", api.EventResponseView.as_view(), name="event-response"),
    path("recalls/", api.PendingRecallsView.as_view(), name="recalls"),
]
