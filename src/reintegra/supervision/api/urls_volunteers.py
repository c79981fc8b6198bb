"""Routes: volunteer probation officers (API)."""
from django.urls import path

from reintegra.supervision.api import volunteer_assignments as work
from reintegra.supervision.api import volunteers as profiles

urlpatterns: list = [
    path("volunteers/profiles/", profiles.VolunteerProfileListView.as_view(), name="volunteer-profiles"),
    path("volunteers/profiles/<int:pk>/", profiles.VolunteerProfileDetailView.as_view(), name="volunteer-profile"),
    path("volunteers/profiles/<int:pk>/deactivate/", profiles.VolunteerProfileStateView.as_view(),
         name="volunteer-profile-deactivate"),
    path("volunteers/profiles/<int:pk>/activate/", profiles.VolunteerProfileStateView.as_view(activate=True),
         name="volunteer-profile-activate"),
    path("volunteers/profiles/<int:pk>/trainings/", profiles.VolunteerTrainingListView.as_view(),
         name="volunteer-trainings"),
    path("volunteers/profiles/<int:pk>/trainings/<int:training_pk>/void/", profiles.VolunteerTrainingVoidView.as_view(),
         name="volunteer-training-void"),
    path("volunteers/suggestions/", work.VolunteerSuggestionsView.as_view(), name="volunteer-suggestions"),
    path("volunteers/assignments/", work.VolunteerAssignmentListView.as_view(), name="volunteer-assignments"),
    path("volunteers/assignments/<int:pk>/end/", work.VolunteerAssignmentEndView.as_view(),
         name="volunteer-assignment-end"),
    path("volunteers/mine/", work.VolunteerMineView.as_view(), name="volunteer-mine"),
    path("volunteers/meetings/", work.VolunteerMeetingListView.as_view(), name="volunteer-meetings"),
    path("volunteers/meetings/<int:pk>/review/", work.VolunteerMeetingReviewView.as_view(),
         name="volunteer-meeting-review"),
    path("volunteers/review/", work.VolunteerReviewQueueView.as_view(), name="volunteer-review-queue"),
]
