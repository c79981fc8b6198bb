"""Retention: pseudonymise records that have been kept long enough.

Pseudonymisation is irreversible. It replaces the person's names, aliases, contacts, identifiers
and case references, cuts the date of birth to the year (stored as 1 January), and blanks free-text
notes; then it blanks the same values in the record's change history (otherwise the history would
still hold them). Dates, ICCS codes, statuses and durations stay, so statistics still work.

``people.services.person_update`` refuses voided records and edits only the person row, so this
service writes through ``core.versioning`` itself (history kept, version bumped) and keeps the
search tokens in step with ``people.services.names``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.models import Case, Charge, Disposition
from reintegra.partners.models import Consent, Referral
from reintegra.people.models import Contact, Identifier, NameToken, Person, PersonAlias, PersonFlag, TimelineEvent
from reintegra.people.services import timeline_record
from reintegra.people.services.names import rebuild_person_tokens, search_name_for, sort_name_for
from reintegra.privacy.models import Pseudonymisation, RetentionRule

PSEUDONYM_GIVEN_NAME = "Pseudonymised"
REMOVED = "[removed]"

# Per model: the fields blanked (value -> replacement; a callable gets the instance).
_SCRUB: dict[type[models.Model], dict[str, Any]] = {
    PersonAlias: {"given_name": "", "family_name": "", "search_name": ""},
    Identifier: {"value": lambda obj: f"removed-{obj.pk}", "issued_by": ""},
    Contact: {"name": PSEUDONYM_GIVEN_NAME, "phone": "", "email": "", "address": "", "restriction_details": ""},
    PersonFlag: {"description": ""},
    Case: {"reference": lambda obj: f"removed-{obj.pk}"},
    Charge: {"description": ""},
    Disposition: {"notes": ""},
    Referral: {"outcome_note": ""},
    Consent: {"evidence": "", "withdrawal_reason": ""},
}
# Values blanked in the change history of the person and every record above.
_HISTORY_FIELDS = {
    "given_name", "family_name", "search_name", "sort_name", "date_of_birth", "gender_identity", "value",
    "issued_by", "name", "phone", "email", "address", "restriction_details", "description", "reference", "notes",
    "outcome_note", "evidence", "withdrawal_reason", "void_reason",
}
_VOID_REASON = "Retention: pseudonymised"


@transaction.atomic
def retention_rule_create(*, actor: Any, name: str, years_after_last_episode: int, notes: str = "") -> RetentionRule:
    """Add a rule (active at once)."""
    if years_after_last_episode is None or years_after_last_episode < 1:
        raise ValidationError({"years_after_last_episode": [_("Enter a number of years of at least 1.")]})
    rule = RetentionRule(name=(name or "").strip(), years_after_last_episode=years_after_last_episode, notes=notes)
    rule.full_clean()
    rule.save()
    versioned_create(rule, actor=actor)
    return rule


def _records_of(person: Person) -> list[models.Model]:
    """Every record of the person whose free text or identifying values are scrubbed."""
    records: list[models.Model] = []
    records += list(PersonAlias.objects.filter(person=person))
    records += list(Identifier.objects.filter(person=person))
    records += list(Contact.objects.filter(person=person))
    records += list(PersonFlag.objects.filter(person=person))
    records += list(Case.objects.filter(person=person))
    records += list(Charge.objects.filter(case__person=person))
    records += list(Disposition.objects.filter(person=person))
    records += list(Referral.objects.filter(person=person))
    records += list(Consent.objects.filter(person=person))
    return records


def _scrub_record(record: models.Model, actor: Any, now: dt.datetime) -> list[str]:
    """Overwrite the record's identifying values in place (a direct UPDATE: these rows are
    timestamped, not all versioned); voids aliases and identifiers so they leave search."""
    spec = _SCRUB[type(record)]
    values = {name: (value(record) if callable(value) else value) for name, value in spec.items()}
    if isinstance(record, (PersonAlias, Identifier)) and record.voided_at is None:
        values.update(voided_at=now, voided_by=actor if getattr(actor, "pk", None) else None, void_reason=_VOID_REASON)
    elif hasattr(record, "void_reason") and getattr(record, "void_reason", ""):
        values["void_reason"] = _VOID_REASON
    type(record).objects.filter(pk=record.pk).update(**values)
    return sorted(spec)


def _scrub_history(objects: Iterable[models.Model]) -> int:
    """Blank identifying values and free-text reasons in the change history of ``objects``."""
    by_type: dict[int, list[str]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        by_type.setdefault(content_type.pk, []).append(str(obj.pk))
    changed = 0
    for content_type_id, ids in by_type.items():
        for version in RecordVersion.objects.filter(content_type_id=content_type_id, object_id__in=ids):
            before = {k: (REMOVED if k in _HISTORY_FIELDS and v not in ("", None) else v) for k, v in version.before.items()}
            after = {k: (REMOVED if k in _HISTORY_FIELDS and v not in ("", None) else v) for k, v in version.after.items()}
            if before != version.before or after != version.after or version.reason:
                RecordVersion.objects.filter(pk=version.pk).update(before=before, after=after, reason="")
                changed += 1
    return changed


@transaction.atomic
def person_pseudonymise(*, actor: Any, person: Person, rule: RetentionRule | None = None) -> Pseudonymisation:
    """Irreversibly pseudonymise one person's record (see the module docstring), record it in the
    history, the timeline and one RETENTION audit entry. A second call for the same person is refused."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Pseudonymisation.objects.filter(person=person).exists():
        raise ValidationError(_("This record is already pseudonymised."))
    now = timezone.now()
    family = f"{person.pk}"
    changes: dict[str, Any] = {
        "given_name": PSEUDONYM_GIVEN_NAME, "family_name": family, "gender_identity": "",
        "search_name": search_name_for(PSEUDONYM_GIVEN_NAME, family),
        "sort_name": sort_name_for(PSEUDONYM_GIVEN_NAME, family),
        "date_of_birth": person.date_of_birth.replace(month=1, day=1) if person.date_of_birth else None,
    }
    if person.void_reason:
        changes["void_reason"] = _VOID_REASON
    person = versioned_update(
        person, actor=actor, expected_version=person.version, changes=changes, reason=_VOID_REASON,
    )
    rebuild_person_tokens([person])
    records = _records_of(person)
    fields = {"given_name", "family_name", "date_of_birth", "gender_identity"}
    for record in records:
        fields.update(f"{record._meta.model_name}.{name}" for name in _scrub_record(record, actor, now))
    NameToken.objects.filter(person=person, alias__isnull=False).delete()
    # Free-text reasons in the timeline (e.g. why a record was voided) go too.
    for event in TimelineEvent.objects.filter(person=person, params__has_key="reason"):
        TimelineEvent.objects.filter(pk=event.pk).update(params={**event.params, "reason": REMOVED})
    _scrub_history([person, *records])
    marker = Pseudonymisation.objects.create(
        person=person, rule=rule, applied_by=actor if getattr(actor, "pk", None) else None,
    )
    timeline_record(
        person=person, kind="person.pseudonymised", occurred_on=timezone.localdate(), source_app="privacy",
        obj=marker, actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.RETENTION, object_type="people.person", object_id=person.pk,
        person_id=person.pk, fields=sorted(fields), detail={"rule_id": rule.pk if rule else None},
    )
    return marker


def retention_apply(*, actor: Any, rules: Iterable[RetentionRule], on: dt.date | None = None) -> dict[int, list[int]]:
    """Pseudonymise every person each rule selects (``privacy.selectors.retention_candidates``).

    Each person is done in their own transaction, so an interrupted run leaves whole records done
    or untouched and a second run carries on; people already done are skipped. Returns
    ``{rule id: [person ids]}``.
    """
    from reintegra.privacy.selectors import retention_candidates

    done: dict[int, list[int]] = {}
    for rule in rules:
        done[rule.pk] = []
        # Ids first: the rows change under the loop, so no open cursor is held while writing.
        for pk in list(retention_candidates(rule=rule, on=on).values_list("pk", flat=True)):
            person_pseudonymise(actor=actor, person=Person(pk=pk), rule=rule)
            done[rule.pk].append(pk)
    return done
