from django.urls import path

from reintegra.accounts import api

app_name = "accounts-api"
urlpatterns = [
    path("me/", api.MeView.as_view(), name="me"),
]
