from django.urls import path

from reintegra.people import restriction_views, views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/identifiers/new/", views.identifier_add, name="identifier-add"),
    path("<int:pk>/aliases/new/", views.alias_add, name="alias-add"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact-add"),
    path("<int:pk>/flags/new/", views.flag_add, name="flag-add"),
    path("<int:pk>/restriction/", restriction_views.restriction, name="restriction"),
]
