"""community pages."""
from django.urls import path

from reintegra.community import views

app_name = "community"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("persons/<int:person_pk>/orders/new/", views.order_create, name="order-create"),
    path("orders/<int:pk>/", views.order_detail, name="order-detail"),
    path("orders/<int:pk>/placements/new/", views.placement_add, name="placement-add"),
    path("orders/<int:pk>/placements/<int:placement_pk>/end/", views.placement_end, name="placement-end"),
    path("orders/<int:pk>/hours/new/", views.hours_record, name="hours-record"),
    path("orders/<int:pk>/hours/<int:entry_pk>/verify/", views.hours_verify, name="hours-verify"),
    path("orders/<int:pk>/hours/<int:entry_pk>/reject/", views.hours_reject, name="hours-reject"),
    path("orders/<int:pk>/complete/", views.order_complete, name="order-complete"),
    path("orders/<int:pk>/breach/", views.order_breach, name="order-breach"),
    path("persons/<int:person_pk>/diversions/new/", views.diversion_create, name="diversion-create"),
    path("diversions/<int:pk>/", views.diversion_detail, name="diversion-detail"),
    path("diversions/<int:pk>/conditions/new/", views.condition_add, name="condition-add"),
    path("diversions/<int:pk>/outcome/", views.diversion_outcome, name="diversion-outcome"),
    path("persons/<int:person_pk>/restorative/new/", views.rj_create, name="rj-create"),
    path("restorative/<int:pk>/", views.rj_detail, name="rj-detail"),
    path("restorative/<int:pk>/facilitator/", views.facilitator_assign, name="rj-facilitator"),
    path("restorative/<int:pk>/parties/new/", views.party_add, name="party-add"),
    path("restorative/<int:pk>/parties/<int:party_pk>/consent/", views.consent_give, name="consent-give"),
    path("restorative/<int:pk>/parties/<int:party_pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("restorative/<int:pk>/sessions/new/", views.session_record, name="session-record"),
    path("restorative/<int:pk>/agreement/", views.agreement_record, name="agreement-record"),
    path("restorative/<int:pk>/terms/<int:item_pk>/", views.item_mark, name="item-mark"),
    path("restorative/<int:pk>/close/", views.rj_close, name="rj-close"),
]
