from django.urls import path

from reintegra.justice import views

app_name = "justice"

urlpatterns = [
    path("persons/<int:person_pk>/", views.person_record, name="person-record"),
    path("persons/<int:person_pk>/cases/new/", views.case_open, name="case-open"),
    path("persons/<int:person_pk>/custody/admit/", views.custody_admit, name="custody-admit"),
    path("persons/<int:person_pk>/supervision/start/", views.supervision_start, name="supervision-start"),
    path("cases/<int:case_pk>/charges/new/", views.charge_add, name="charge-add"),
    path("cases/<int:case_pk>/dispositions/new/", views.disposition_record, name="disposition-record"),
    path("charges/<int:charge_pk>/outcome/", views.charge_outcome, name="charge-outcome"),
    path("custody/<int:episode_pk>/release/", views.custody_release, name="custody-release"),
    path("custody/<int:episode_pk>/transfer/", views.custody_transfer, name="custody-transfer"),
    path("supervision/<int:period_pk>/end/", views.supervision_end, name="supervision-end"),
    path("offences/", views.offence_list, name="offence-list"),
]
