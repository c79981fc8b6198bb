"""Read-mostly admin: records are changed through the services (pages and API), which keep history,
search tokens and the timeline in step; the admin is for looking things up."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reintegra.people.models import Contact, Identifier, Person, PersonAlias, PersonFlag, TimelineEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IdentifierInline(admin.TabularInline):
    model = Identifier
    fields = ["kind", "value", "issued_by", "voided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AliasInline(IdentifierInline):
    model = PersonAlias  # type: ignore[assignment]
    fields = ["kind", "given_name", "family_name", "voided_at"]
    readonly_fields = fields


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["id", "family_name", "given_name", "date_of_birth", "sex", "version", "voided_at", "merged_into"]
    list_filter = ["sex"]
    search_fields = ["search_name", "identifiers__value"]
    show_full_result_count = False
    inlines = [IdentifierInline, AliasInline]


@admin.register(Identifier)
class IdentifierAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "kind", "value", "voided_at"]
    list_filter = ["kind"]
    search_fields = ["=value"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "relationship", "may_be_notified", "safety_restriction"]
    list_filter = ["relationship", "safety_restriction"]


@admin.register(PersonFlag)
class PersonFlagAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "category", "created_at"]
    list_filter = ["category"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "person_id", "occurred_on", "kind", "source_app"]
    list_filter = ["source_app"]
