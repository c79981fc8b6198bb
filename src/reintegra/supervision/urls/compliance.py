"""Routes: compliance events, responses and recall decisions (pages)."""
from django.urls import path

from reintegra.supervision.views import compliance

urlpatterns: list = [
    path("periods/<int:pk>/compliance/", compliance.period_compliance, name="period-compliance"),
    path("periods/<int:pk>/compliance/events/", compliance.event_record, name="period-event-add"),
    path("periods/<int:pk>/recall/", compliance.recall, name="period-recall"),
    path("events/<int:pk>/response/", compliance.event_respond, name="event-respond"),
    path("events/<int:pk>/void/", compliance.event_void, name="event-void"),
    path("recalls/", compliance.recall_list, name="recall-list"),
]
