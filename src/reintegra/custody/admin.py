"""Facility profiles and units are reference data that administrators keep in the admin. Saves go
through the services (history, audit); nothing is deleted (a unit closes with ``active`` off)."""
from __future__ import annotations

from typing import Any

from django.contrib import admin

from reintegra.core.admin import ReadOnlyAdmin
from reintegra.custody import services
from reintegra.custody.models import AllocationDecision, FacilityProfile, Unit, UnitStay


class _ThroughServices(admin.ModelAdmin):
    fields_written: tuple[str, ...] = ()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # The facility of a saved profile or unit does not change: describe the other one instead.
        return ("facility", "version") if obj is not None else ("version",)

    def _values(self, form: Any, names: Any) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


@admin.register(FacilityProfile)
class FacilityProfileAdmin(_ThroughServices):
    list_display = ["facility", "security_level", "capacity_type", "sex_category", "age_category", "location"]
    list_filter = ["security_level", "sex_category", "age_category"]
    search_fields = ["facility__name", "location"]
    fields = ["facility", *services.PROFILE_FIELDS, "version"]

    def save_model(self, request: Any, obj: FacilityProfile, form: Any, change: bool) -> None:
        if change:
            changed = self._values(form, [n for n in form.changed_data if n in services.PROFILE_FIELDS])
            # ``obj`` already holds the new values; the stored row is what the change starts from.
            stored = FacilityProfile.objects.get(pk=obj.pk)
            services.facility_profile_update(actor=request.user, profile=stored, expected_version=stored.version,
                                             changes=changed, reason="admin")
        else:
            saved = services.facility_profile_create(actor=request.user, facility=form.cleaned_data["facility"],
                                                     **self._values(form, services.PROFILE_FIELDS))
            obj.pk, obj.version = saved.pk, saved.version


@admin.register(Unit)
class UnitAdmin(_ThroughServices):
    list_display = ["name", "facility", "security_level", "official_capacity", "sex_category", "age_category", "active"]
    list_filter = ["active", "security_level", "facility"]
    search_fields = ["name", "facility__name"]
    fields = ["facility", *services.UNIT_FIELDS, "version"]

    def save_model(self, request: Any, obj: Unit, form: Any, change: bool) -> None:
        if change:
            changed = self._values(form, [n for n in form.changed_data if n in services.UNIT_FIELDS])
            stored = Unit.objects.get(pk=obj.pk)
            services.unit_update(actor=request.user, unit=stored, expected_version=stored.version, changes=changed,
                                 reason="admin")
        else:
            saved = services.unit_create(actor=request.user, facility=form.cleaned_data["facility"],
                                         **self._values(form, services.UNIT_FIELDS))
            obj.pk, obj.version = saved.pk, saved.version


@admin.register(UnitStay)
class UnitStayAdmin(ReadOnlyAdmin):
    list_display = ["episode", "unit", "from_on", "to_on", "voided_at"]
    list_filter = ["unit__facility"]
    raw_id_fields = ["episode"]


@admin.register(AllocationDecision)
class AllocationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["person", "facility", "chosen_rank", "outcome", "effective_on", "decided_by", "decided_at"]
    list_filter = ["outcome", "required_security"]
    raw_id_fields = ["person", "from_episode", "episode"]
