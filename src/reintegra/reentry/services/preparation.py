"""Opening the release-preparation record (from admission, or for someone already in custody), the
responsible staff, and the pathways: status and needs, actions with owners and due dates, evidence.
Edits carry the row's version (a stale one is refused); actions and evidence are voided, not deleted."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed
from reintegra.audit.choices import AuditAction
from reintegra.core.versioning import versioned_create, versioned_update, versioned_void
from reintegra.justice.choices import CustodyKind
from reintegra.justice.models import CustodyEpisode
from reintegra.reentry.choices import (
    ActionStatus, ChecklistItemKind, EvidenceKind, OwnerKind, Pathway, PathwayStatus, PreparationStatus,
)
from reintegra.reentry.models import (
    ChecklistItem, PathwayAction, PathwayEvidence, PathwayRecord, ReleasePreparation,
)
from reintegra.reentry.services.guard import (
    audit_change, check_person_full, check_preparing, check_version, event, refusable, text_required,
)

ACTION_EDITABLE = ("description", "owner_kind", "owner_user", "owner_organisation", "due_on", "status")


def current_episode(person_id: int) -> CustodyEpisode | None:
    """The person's open sentenced stay (after a transfer, the newest one)."""
    return (CustodyEpisode.objects.filter(person_id=person_id, kind=CustodyKind.SENTENCED, released_on__isnull=True,
                                          voided_at__isnull=True)
            .select_related("facility", "disposition").order_by("-admitted_on", "-id").first())


def _create(episode: CustodyEpisode, actor: Any) -> ReleasePreparation:
    """The record with its eight pathways and five checklist items (history, audit, timeline)."""
    responsible = actor if getattr(actor, "pk", None) and allowed(actor, Action.RELEASE_EDIT) else None
    preparation = ReleasePreparation.objects.create(person_id=episode.person_id, episode=episode,
                                                    responsible_officer=responsible)
    versioned_create(preparation, actor=actor)
    PathwayRecord.objects.bulk_create([PathwayRecord(preparation=preparation, pathway=p) for p in Pathway.values])
    ChecklistItem.objects.bulk_create([ChecklistItem(preparation=preparation, item=i)
                                       for i in ChecklistItemKind.values])
    event(preparation=preparation, kind="release.preparation_opened", actor=actor, occurred_on=episode.admitted_on)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="open", preparation=preparation,
                 fields=["pathways", "checklist"], episode_id=episode.pk)
    return preparation


def open_on_admission(episode: CustodyEpisode, actor: Any) -> None:
    """The admission hook (``justice.hooks``), inside ``custody_admit``'s transaction: a sentenced
    stay opens the record from day one. A record still open for an earlier stay that has ended
    (released in a way that needs no preparation, e.g. by court order) is closed first."""
    if episode.kind != CustodyKind.SENTENCED:
        return
    for stale in ReleasePreparation.objects.filter(person_id=episode.person_id, status=PreparationStatus.PREPARING,
                                                   voided_at__isnull=True):
        versioned_update(stale, actor=actor, expected_version=stale.version, reason="new sentenced stay",
                         changes={"status": PreparationStatus.CLOSED, "closed_at": timezone.now(),
                                  "close_reason": _("A new sentenced stay began.")})
    _create(episode, actor)


@refusable("open")
def preparation_open(*, actor: Any, episode: CustodyEpisode) -> ReleasePreparation:
    """Open the record for someone already serving a sentence (admitted before release preparation
    was in use). Refused for remand, an ended stay, or when the person already has an open record."""
    check_person_full(actor, episode.person)
    errors: dict[str, list[str]] = {}
    if episode.kind != CustodyKind.SENTENCED or episode.voided_at is not None or episode.released_on is not None:
        errors["episode"] = [_("Release preparation is for people serving a sentence in custody now.")]
    elif ReleasePreparation.objects.filter(person_id=episode.person_id, status=PreparationStatus.PREPARING,
                                           voided_at__isnull=True).exists():
        errors["episode"] = [_("This person already has an open release preparation.")]
    if errors:
        raise ValidationError(errors)
    return _create(episode, actor)


@refusable("assign")
def preparation_assign(*, actor: Any, preparation: ReleasePreparation, officer: Any,
                       expected_version: int | None = None) -> ReleasePreparation:
    """Name the prison staff member responsible for preparing the release (they must prepare releases)."""
    check_person_full(actor, preparation.person)
    version = check_version(preparation, expected_version)
    check_preparing(preparation)
    if officer is None or not officer.is_active or not allowed(officer, Action.RELEASE_EDIT):
        raise ValidationError({"officer": [_("Choose an active member of staff who prepares releases.")]})
    preparation = versioned_update(preparation, actor=actor, expected_version=version,
                                   changes={"responsible_officer": officer})
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="assign", preparation=preparation,
                 fields=["responsible_officer"], officer_id=officer.pk)
    return preparation


@refusable("close")
def preparation_close(*, actor: Any, preparation: ReleasePreparation, reason: str,
                      expected_version: int | None = None) -> ReleasePreparation:
    """Close a record that is no longer needed (the stay ended otherwise, the person died), with the reason."""
    check_person_full(actor, preparation.person)
    version = check_version(preparation, expected_version)
    if preparation.is_voided or preparation.status == PreparationStatus.CLOSED:
        raise ValidationError({"status": [_("This release preparation is already closed.")]})
    reason = text_required(reason, "reason", _("Say why the release preparation is closed."))
    preparation = versioned_update(preparation, actor=actor, expected_version=version, reason=reason, changes={
        "status": PreparationStatus.CLOSED, "closed_at": timezone.now(), "close_reason": reason})
    event(preparation=preparation, kind="release.preparation_closed", actor=actor)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="close", preparation=preparation,
                 fields=["status"])
    return preparation


@refusable("pathway_update")
def pathway_update(*, actor: Any, pathway: PathwayRecord, status: str, needs: str,
                   expected_version: int | None = None) -> PathwayRecord:
    """Set a pathway's status and the needs found. A need identified, in progress or resolved
    needs the need written down."""
    check_person_full(actor, pathway.preparation.person)
    version = check_version(pathway, expected_version)
    check_preparing(pathway.preparation)
    needs = (needs or "").strip()
    if status not in PathwayStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if status in (PathwayStatus.NEED_IDENTIFIED, PathwayStatus.IN_PROGRESS, PathwayStatus.RESOLVED) and not needs:
        raise ValidationError({"needs": [_("Write down the need found on this pathway.")]})
    pathway = versioned_update(pathway, actor=actor, expected_version=version,
                               changes={"status": status, "needs": needs})
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="pathway_update",
                 preparation=pathway.preparation, fields=["status", "needs"], pathway_id=pathway.pk)
    return pathway


def _owner_errors(owner_kind: str, owner_user: Any, owner_organisation: Organisation | None) -> dict[str, list[str]]:
    if owner_kind not in OwnerKind.values:
        return {"owner_kind": [_("Every action needs an owner: a member of staff, a partner organisation or "
                                 "the person.")]}
    if owner_kind == OwnerKind.STAFF and (owner_user is None or not owner_user.is_active):
        return {"owner_user": [_("Choose the active member of staff who carries the action out.")]}
    if owner_kind == OwnerKind.PARTNER and (owner_organisation is None or not owner_organisation.active):
        return {"owner_organisation": [_("Choose the active partner organisation that carries the action out.")]}
    return {}


def _action_values(values: dict[str, Any]) -> dict[str, Any]:
    """Cleaned values, with the owner fields that do not apply to the owner kind emptied."""
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    errors: dict[str, list[str]] = {}
    if "description" in values and not values["description"]:
        errors["description"] = [_("Describe the action.")]
    if "due_on" in values and values["due_on"] is None:
        errors["due_on"] = [_("Give the date the action is due.")]
    if "status" in values and values["status"] not in ActionStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    errors.update(_owner_errors(values["owner_kind"], values.get("owner_user"), values.get("owner_organisation")))
    if errors:
        raise ValidationError(errors)
    if values["owner_kind"] != OwnerKind.STAFF:
        values["owner_user"] = None
    if values["owner_kind"] != OwnerKind.PARTNER:
        values["owner_organisation"] = None
    return values


@refusable("action_add")
def pathway_action_add(*, actor: Any, pathway: PathwayRecord, description: str, owner_kind: str, due_on: dt.date,
                       owner_user: Any = None, owner_organisation: Organisation | None = None) -> PathwayAction:
    """Add an action to a pathway, with its owner and due date."""
    check_person_full(actor, pathway.preparation.person)
    check_preparing(pathway.preparation)
    values = _action_values({"description": description, "owner_kind": owner_kind, "owner_user": owner_user,
                             "owner_organisation": owner_organisation, "due_on": due_on})
    action = PathwayAction.objects.create(pathway=pathway, **values)
    versioned_create(action, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="action_add", preparation=pathway.preparation,
                 fields=["actions"], pathway_id=pathway.pk, action_id=action.pk)
    return action


@refusable("action_update")
def pathway_action_update(*, actor: Any, action: PathwayAction, expected_version: int | None = None,
                          **changes: Any) -> PathwayAction:
    """Change an action (only the fields given): description, owner, due date, status."""
    check_person_full(actor, action.pathway.preparation.person)
    version = check_version(action, expected_version)
    check_preparing(action.pathway.preparation)
    if action.is_voided:
        raise ValidationError({"status": [_("This action was removed and can no longer be changed.")]})
    unknown = sorted(set(changes) - set(ACTION_EDITABLE))
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    current = {name: getattr(action, name) for name in ACTION_EDITABLE}
    values = _action_values({**current, **changes})
    action = versioned_update(action, actor=actor, expected_version=version, changes=values)
    audit_change(actor=actor, action=AuditAction.UPDATE, operation="action_update",
                 preparation=action.pathway.preparation, fields=sorted(changes), action_id=action.pk)
    return action


def _void(actor: Any, record: PathwayAction | PathwayEvidence, *, reason: str, expected_version: int | None,
          operation: str, message: str, field: str) -> Any:
    """Void an action or evidence with the reason (it stays on record)."""
    check_person_full(actor, record.pathway.preparation.person)
    version = check_version(record, expected_version)
    check_preparing(record.pathway.preparation)
    reason = text_required(reason, "reason", message)
    record = versioned_void(record, actor=actor, expected_version=version, reason=reason)
    audit_change(actor=actor, action=AuditAction.VOID, operation=operation, preparation=record.pathway.preparation,
                 fields=[field], **{f"{operation.split('_')[0]}_id": record.pk})
    return record


@refusable("action_void")
def pathway_action_void(*, actor: Any, action: PathwayAction, reason: str,
                        expected_version: int | None = None) -> PathwayAction:
    """Remove an action added by mistake: it stays on record, voided with the reason."""
    return _void(actor, action, reason=reason, expected_version=expected_version, operation="action_void",
                 message=_("Give the reason for removing this action."), field="actions")


@refusable("evidence_add")
def evidence_add(*, actor: Any, pathway: PathwayRecord, kind: str, seen_on: dt.date,
                 description: str = "") -> PathwayEvidence:
    """Record evidence on a pathway (an address confirmed, an ID document seen), dated, by the actor."""
    check_person_full(actor, pathway.preparation.person)
    check_preparing(pathway.preparation)
    errors: dict[str, list[str]] = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = [_("Choose what kind of evidence this is.")]
    if seen_on is None:
        errors["seen_on"] = [_("Give the date the evidence was seen.")]
    elif seen_on > timezone.localdate():
        errors["seen_on"] = [_("The date cannot be in the future.")]
    if kind == EvidenceKind.OTHER and not (description or "").strip():
        errors["description"] = [_("Describe the evidence.")]
    if errors:
        raise ValidationError(errors)
    evidence = PathwayEvidence.objects.create(pathway=pathway, kind=kind, seen_on=seen_on,
                                              description=(description or "").strip(),
                                              recorded_by=actor if getattr(actor, "pk", None) else None)
    versioned_create(evidence, actor=actor)
    audit_change(actor=actor, action=AuditAction.CREATE, operation="evidence_add", preparation=pathway.preparation,
                 fields=["evidence"], pathway_id=pathway.pk, evidence_id=evidence.pk)
    return evidence


@refusable("evidence_void")
def evidence_void(*, actor: Any, evidence: PathwayEvidence, reason: str,
                  expected_version: int | None = None) -> PathwayEvidence:
    """Remove evidence recorded by mistake: it stays on record, voided with the reason."""
    return _void(actor, evidence, reason=reason, expected_version=expected_version, operation="evidence_void",
                 message=_("Give the reason for removing this evidence."), field="evidence")
