"""Merging a duplicate person record into the one that is kept."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.models import RecordVersion
from reintegra.core.versioning import record_history, versioned_update
from reintegra.people.choices import AliasKind
from reintegra.people.models import Identifier, NameToken, Person, PersonAlias
from reintegra.people.services.events import timeline_record
from reintegra.people.services.names import rebuild_person_tokens, search_name_for, tokens_for_alias

logger = logging.getLogger(__name__)
SOURCE_APP = "people"


@dataclass
class MergeReport:
    """What a merge did: rows moved per relation, one-to-one links left on the source, and
    identifiers voided because the target already held the same number."""

    moved: dict[str, int] = field(default_factory=dict)
    kept_on_source: list[str] = field(default_factory=list)
    voided_identifiers: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"moved": self.moved, "kept_on_source": self.kept_on_source,
                "voided_identifiers": self.voided_identifiers}


def _reverse_relations() -> list[models.ForeignObjectRel]:
    """Every relation pointing at Person from any installed app, hidden ones (related_name="+")
    included, except the merge link itself."""
    merged_into = Person._meta.get_field("merged_into")
    return [
        rel for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and isinstance(rel, models.ForeignObjectRel)
        and rel.field is not merged_into
    ]


def _void_clashing_identifiers(source: Person, target: Person, actor: Any, reason: str, report: MergeReport) -> None:
    """An identifier the target already holds (same kind and value) is voided on the source side.
    (The unique constraint normally prevents two active copies; this keeps merges safe for data
    loaded before the constraint or imported with it disabled.)"""
    target_pairs = set(
        Identifier.objects.filter(person=target, voided_at__isnull=True).values_list("kind", "value")
    )
    for identifier in Identifier.objects.filter(person=source, voided_at__isnull=True):
        if (identifier.kind, identifier.value) in target_pairs:
            identifier.voided_at = timezone.now()
            identifier.voided_by = actor if getattr(actor, "pk", None) else None
            identifier.void_reason = _("Duplicate of an identifier of record %(pk)s (merge).") % {"pk": target.pk}
            identifier.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
            record_history(identifier, action=RecordVersion.Action.VOID, actor=actor, version=2,
                           after={"voided": True}, reason=reason)
            report.voided_identifiers.append(identifier.pk)


def _move_links(source: Person, target: Person, report: MergeReport) -> None:
    for rel in _reverse_relations():
        model = rel.related_model
        label = f"{model._meta.label_lower}.{rel.field.name}"
        manager = model._base_manager
        if rel.many_to_many:
            # Reverse many-to-many from another model: re-point rows of the through table.
            through = rel.through
            person_field = next(
                f for f in through._meta.get_fields() if getattr(f, "related_model", None) is Person
                and f.concrete
            )
            rows = through._base_manager.filter(**{person_field.name: source})
            moved = 0
            for row in rows:
                try:
                    with transaction.atomic():
                        setattr(row, person_field.name, target)
                        row.save()
                        moved += 1
                except IntegrityError:
                    report.kept_on_source.append(label)
            if moved:
                report.moved[label] = moved
            continue
        if rel.one_to_one:
            if not manager.filter(**{rel.field.name: source}).exists():
                continue
            if manager.filter(**{rel.field.name: target}).exists():
                # The target keeps its own (e.g. a synthetic profile); the source's stays with it.
                report.kept_on_source.append(label)
                continue
        try:
            with transaction.atomic():
                count = manager.filter(**{rel.field.name: source}).update(**{rel.field.name: target})
        except IntegrityError:
            raise ValidationError(
                _("The records cannot be merged: their %(what)s conflict. Resolve that first.")
                % {"what": model._meta.verbose_name_plural}
            ) from None
        if count:
            report.moved[label] = count


@transaction.atomic
def person_merge(*, source: Person, target: Person, actor: Any, reason: str) -> Person:
    """Merge the duplicate ``source`` into ``target``: every record linked to the source (from any
    app) moves to the target, the source's name becomes an alias of the target, and the source is
    marked merged and voided with ``reason``. Both records get a history entry and a timeline event.
    Returns the target, with ``merge_report`` (a ``MergeReport``) attached.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason for merging these records.")]})
    if source.pk == target.pk:
        raise ValidationError({"target": [_("A record cannot be merged into itself.")]})
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    source, target = locked[source.pk], locked[target.pk]
    if target.merged_into_id is not None or target.is_voided:
        raise ValidationError({"target": [_("The record to keep is merged or voided; choose an active record.")]})
    if source.merged_into_id is not None or source.is_voided:
        raise ValidationError({"source": [_("This record is already merged or voided.")]})

    report = MergeReport()
    _void_clashing_identifiers(source, target, actor, reason, report)
    # The source's own name tokens go; its name comes back as an alias of the target below.
    NameToken.objects.filter(person=source, alias__isnull=True).delete()
    _move_links(source, target, report)
    rebuild_person_tokens([target])
    if search_name_for(source.given_name, source.family_name) != target.search_name:
        alias = PersonAlias.objects.create(
            person=target, kind=AliasKind.ALIAS, given_name=source.given_name, family_name=source.family_name,
            search_name=search_name_for(source.given_name, source.family_name),
        )
        NameToken.objects.bulk_create(tokens_for_alias(alias))

    versioned_update(
        source, actor=actor, expected_version=source.version, reason=reason, action=RecordVersion.Action.MERGE,
        changes={"merged_into": target, "voided_at": timezone.now(), "voided_by": actor if getattr(actor, "pk", None) else None,
                 "void_reason": reason},
    )
    Person.objects.filter(pk=target.pk).update(version=F("version") + 1, updated_at=timezone.now())
    target.refresh_from_db()
    record_history(
        target, action=RecordVersion.Action.MERGE, actor=actor, version=target.version, reason=reason,
        after={"merged_from": source.pk, **report.as_dict()},
    )
    today = timezone.localdate()
    timeline_record(person=target, kind="person.merged", occurred_on=today, source_app=SOURCE_APP,
                    params={"source": source.pk, "target": target.pk}, obj=source, actor=actor)
    timeline_record(person=source, kind="person.merged_away", occurred_on=today, source_app=SOURCE_APP,
                    params={"source": source.pk, "target": target.pk}, obj=target, actor=actor)
    logger.info("person %s merged into %s: %s", source.pk, target.pk, report.as_dict())
    target.merge_report = report  # type: ignore[attr-defined]
    return target
