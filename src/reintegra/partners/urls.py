from django.urls import path

from reintegra.partners import views

app_name = "partners"

urlpatterns = [
    path("referrals/", views.referral_list, name="referral-list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("persons/<int:person_pk>/refer/", views.referral_create, name="referral-create"),
    path("persons/<int:person_pk>/consents/new/", views.consent_create, name="consent-create"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
]
