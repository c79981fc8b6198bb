"""Case data in the admin is read-only: every app's service-written models use ReadOnlyAdmin."""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from reintegra.core.admin import ReadOnlyAdmin

SERVICE_WRITTEN = {"trainedmodel", "volunteerassignment", "assessment", "referral", "consent", "datasharingagreement", "programme", "enrolment",
                   "unitstay", "allocationdecision", "caseplan", "planversion", "planreview", "planhandover"}


@pytest.mark.django_db
def test_service_written_models_cannot_be_added_changed_or_deleted_in_the_admin(admin_user) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin_user  # a superuser: only the admin class can refuse
    read_only = {model._meta.model_name: model_admin for model, model_admin in admin.site._registry.items()
                 if isinstance(model_admin, ReadOnlyAdmin)}
    assert SERVICE_WRITTEN <= set(read_only)
    for model_admin in read_only.values():
        assert model_admin.has_view_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
