"""Routes: caseload and supervision periods (pages)."""
from django.urls import path

from reintegra.supervision.views import caseload, periods

urlpatterns: list = [
    path("caseload/", caseload.caseload, name="caseload"),
    path("periods/<int:pk>/", periods.period_detail, name="period-detail"),
    path("periods/<int:pk>/level/", periods.level_set, name="period-level"),
    path("periods/<int:pk>/conditions/", periods.condition_add, name="period-condition-add"),
    path("conditions/<int:pk>/end/", periods.condition_end, name="condition-end"),
    path("conditions/<int:pk>/void/", periods.condition_void, name="condition-void"),
    path("periods/<int:pk>/contacts/", periods.contact_record, name="period-contact-add"),
    path("contacts/<int:pk>/void/", periods.contact_void, name="contact-void"),
    path("periods/<int:pk>/appointments/", periods.appointment_book, name="period-appointment-add"),
    path("appointments/<int:pk>/cancel/", periods.appointment_cancel, name="appointment-cancel"),
]
