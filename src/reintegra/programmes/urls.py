from django.urls import path

from reintegra.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/void/", views.programme_void, name="void"),
    path("<int:pk>/cohorts/new/", views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/edit/", views.cohort_edit, name="cohort-edit"),
    path("cohorts/<int:pk>/void/", views.cohort_void, name="cohort-void"),
    path("labour-demand/", views.labour_demand_import, name="labour-demand"),
    path("persons/<int:person_pk>/enrol/", views.enrolment_request, name="enrolment-request"),
    path("enrolments/<int:pk>/admit/", views.enrolment_admit, name="enrolment-admit"),
    path("enrolments/<int:pk>/attendance/", views.attendance_record, name="attendance-record"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="enrolment-complete"),
    path("enrolments/<int:pk>/drop/", views.enrolment_drop, name="enrolment-drop"),
]
