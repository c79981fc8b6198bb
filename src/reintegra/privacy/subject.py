"""Subject access: everything held about one person, gathered section by section.

``privacy`` sits in the top layer, so it imports the domain apps and names the sections itself
(the one place that knows the list). Apps in the same layer, or above, can add a section with
``register_section``. Any other table that points at the person and that no section covers is
still reported, generically, under "Other records" (found by walking the person model's
relations), so a new app's data cannot be left out of a subject access report by omission.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.audit.models import AuditEvent
from reintegra.core.models import RecordVersion
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, SupervisionPeriod
from reintegra.partners.models import Consent, Referral
from reintegra.people.models import (
    Contact, Identifier, NameToken, Person, PersonAlias, PersonFlag, TimelineEvent,
)
from reintegra.people.timeline import describe

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # lazy translatable
    order: int
    collect: Callable[[Person], Rows]
    models: tuple[type[models.Model], ...] = ()  # the tables it covers (so "Other records" skips them)


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    """Add (or replace, by key) a section of the subject access report."""
    _SECTIONS[section.key] = section


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def row(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete field of ``obj`` (foreign keys as ids, choices with their label), JSON-ready."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        result[field.attname] = _jsonable(value)
        if field.choices and value not in (None, ""):
            result[f"{field.name}_label"] = str(getattr(obj, f"get_{field.name}_display")())
    return result


def _rows(queryset: models.QuerySet[Any], exclude: tuple[str, ...] = ()) -> Rows:
    return [row(obj, exclude) for obj in queryset]


_INTERNAL = ("search_name", "sort_name")


def _identity(person: Person) -> Rows:
    data = row(person, exclude=_INTERNAL)
    data["pseudonymised"] = hasattr(person, "pseudonymisation")
    return [data]


def _timeline(person: Person) -> Rows:
    return [
        {"date": _jsonable(event.occurred_on), "event": describe(event), "kind": event.kind,
         "recorded_by": event.actor_id, "recorded_at": _jsonable(event.recorded_at)}
        for event in TimelineEvent.objects.filter(person=person).order_by("occurred_on", "id")
    ]


def _justice(model: type[models.Model], path: str = "person") -> Callable[[Person], Rows]:
    return lambda person: _rows(model.objects.filter(**{path: person}).order_by("pk"))


def _audit(person: Person) -> Rows:
    return [
        {"when": _jsonable(e.occurred_at), "who": e.actor_username, "user_id": e.actor_id, "action": e.action,
         "record": f"{e.object_type}:{e.object_id}".strip(":"), "fields": e.fields, "purpose": e.purpose,
         "from": e.source_ip}
        for e in AuditEvent.objects.filter(person_id=person.pk).order_by("id")
    ]


def _covered_records(person: Person) -> list[models.Model]:
    records: list[models.Model] = [person]
    for section in sorted(_SECTIONS.values(), key=lambda s: s.order):
        for model in section.models:
            if model is Person or model is AuditEvent:
                continue
            if model is Charge:
                records += list(Charge.objects.filter(case__person=person))
            elif any(f.name == "person" for f in model._meta.concrete_fields):
                records += list(model.objects.filter(person=person))
    return records


def _history(person: Person) -> Rows:
    """Every change to the person's records: who, when, what before and after."""
    by_type: dict[int, list[str]] = {}
    for record in _covered_records(person):
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
        by_type.setdefault(content_type.pk, []).append(str(record.pk))
    if not by_type:
        return []
    condition = Q()
    for content_type_id, ids in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    versions = RecordVersion.objects.filter(condition).select_related("content_type").order_by("changed_at", "id")
    return [
        {"record": f"{v.content_type.app_label}.{v.content_type.model}:{v.object_id}", "version": v.version,
         "action": v.action, "when": _jsonable(v.changed_at), "by": v.changed_by_id, "reason": v.reason,
         "before": v.before, "after": v.after}
        for v in versions
    ]


def _other_records(person: Person) -> Rows:
    """Rows of any other table pointing at the person (apps added later, or not yet covered)."""
    covered = {model for section in _SECTIONS.values() for model in section.models} | {NameToken}
    found: Rows = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        if model in covered or model is None or relation.many_to_many:
            continue
        for obj in model._base_manager.filter(**{relation.field.name: person}).order_by("pk"):
            found.append({"table": model._meta.label_lower, **row(obj)})
    return found


_PREDICTION = apps.get_model("analytics", "Prediction")

for _section in (
    Section("identity", _("Identity"), 10, _identity, (Person,)),
    Section("names", _("Other names"), 20, lambda p: _rows(PersonAlias.objects.filter(person=p), _INTERNAL), (PersonAlias,)),
    Section("identifiers", _("Identifiers"), 30, lambda p: _rows(Identifier.objects.filter(person=p)), (Identifier,)),
    Section("contacts", _("Contacts"), 40, lambda p: _rows(Contact.objects.filter(person=p)), (Contact,)),
    Section("flags", _("Health and disability flags"), 50, lambda p: _rows(PersonFlag.objects.filter(person=p)), (PersonFlag,)),
    Section("cases", _("Cases"), 60, _justice(Case), (Case,)),
    Section("charges", _("Charges"), 61, _justice(Charge, "case__person"), (Charge,)),
    Section("dispositions", _("Sentences and other decisions"), 62, _justice(Disposition), (Disposition,)),
    Section("custody", _("Custody"), 63, _justice(CustodyEpisode), (CustodyEpisode,)),
    Section("supervision", _("Supervision"), 64, _justice(SupervisionPeriod), (SupervisionPeriod,)),
    Section("referrals", _("Referrals to partners"), 70, _justice(Referral), (Referral,)),
    Section("consents", _("Consent to share"), 71, _justice(Consent), (Consent,)),
    # analytics is a sibling in the top layer (no imports between siblings): looked up by label.
    Section("predictions", _("Risk estimates"), 80, _justice(_PREDICTION), (_PREDICTION,)),
    Section("timeline", _("Timeline"), 90, _timeline, (TimelineEvent,)),
    Section("history", _("Record history"), 100, _history),
    Section("audit", _("Who accessed or changed the record"), 110, _audit, (AuditEvent,)),
    Section("other", _("Other records"), 120, _other_records),
):
    register_section(_section)


def registered_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def collect(person: Person) -> dict[str, Any]:
    """The whole report as JSON-ready data: ``{"person_id", "produced_at", "sections": [...]}``."""
    from django.utils import timezone

    return {
        "person_id": person.pk,
        "produced_at": timezone.now().isoformat(),
        "sections": [
            {"key": section.key, "title": str(section.title), "rows": section.collect(person)}
            for section in registered_sections()
        ],
    }
