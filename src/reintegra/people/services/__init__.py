"""Writes to person records. Every function is keyword-only, atomic, records history and a
timeline event, and raises ``ValidationError`` naming the field on bad input (saving nothing)."""
from __future__ import annotations

from reintegra.people.services.access import (
    person_restrict, person_unrestrict, registration_record, restriction_access_grant, restriction_access_revoke,
)
from reintegra.people.services.bulk import AliasInput, ContactInput, alias_bulk_add, contact_bulk_add
from reintegra.people.services.details import alias_add, contact_add, flag_add, identifier_add
from reintegra.people.services.events import timeline_record, timeline_record_many
from reintegra.people.services.merge import MergeReport, person_merge
from reintegra.people.services.persons import (
    EDITABLE_FIELDS, PersonInput, person_bulk_create, person_create, person_update, person_void,
)

__all__ = [
    "AliasInput", "ContactInput", "alias_bulk_add", "contact_bulk_add",
    "EDITABLE_FIELDS", "MergeReport", "PersonInput", "alias_add", "contact_add", "flag_add", "identifier_add",
    "person_bulk_create", "person_create", "person_merge", "person_update", "person_void", "timeline_record",
    "timeline_record_many", "person_restrict", "person_unrestrict", "registration_record",
    "restriction_access_grant", "restriction_access_revoke",
]
