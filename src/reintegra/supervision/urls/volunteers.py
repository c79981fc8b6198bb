"""Routes: volunteer probation officers (pages)."""
from django.urls import path

from reintegra.supervision.views import volunteer_mine as mine
from reintegra.supervision.views import volunteer_oversight as oversight
from reintegra.supervision.views import volunteers as profiles

urlpatterns: list = [
    path("volunteers/", profiles.volunteer_list, name="volunteer-list"),
    path("volunteers/new/", profiles.volunteer_create, name="volunteer-create"),
    path("volunteers/<int:pk>/", profiles.volunteer_detail, name="volunteer-detail"),
    path("volunteers/<int:pk>/edit/", profiles.volunteer_edit, name="volunteer-edit"),
    path("volunteers/<int:pk>/deactivate/", profiles.volunteer_deactivate, name="volunteer-deactivate"),
    path("volunteers/<int:pk>/activate/", profiles.volunteer_activate, name="volunteer-activate"),
    path("volunteers/<int:pk>/trainings/new/", profiles.training_add, name="volunteer-training-add"),
    path("volunteers/<int:pk>/trainings/<int:training_pk>/void/", profiles.training_void,
         name="volunteer-training-void"),
    path("volunteers/meetings/", oversight.review_queue, name="volunteer-review-queue"),
    path("volunteers/meetings/<int:pk>/review/", oversight.meeting_review, name="volunteer-meeting-review"),
    path("volunteers/assignments/<int:pk>/end/", oversight.assignment_end, name="volunteer-assignment-end"),
    path("volunteers/mine/", mine.mine, name="volunteer-mine"),
    path("volunteers/mine/<int:pk>/meetings/new/", mine.meeting_add, name="volunteer-meeting-add"),
    path("periods/<int:pk>/volunteer/", oversight.period_volunteer, name="period-volunteer"),
    path("periods/<int:pk>/volunteer/match/", oversight.period_match, name="period-volunteer-match"),
    path("periods/<int:pk>/volunteer/assign/", oversight.period_assign, name="period-volunteer-assign"),
]
