"""Writes for unit stays: which unit of its facility a custody episode is spent in.

An episode has at most one open stay. ``unit_stay_start`` places a person in a unit (on admission
or later); ``unit_move`` closes the open stay on the day of the move and opens the next one the same
day; ``unit_stay_end`` closes it (the episode's release ends it too: the occupancy counts only
people whose episode still holds them). Each write is atomic, keeps history and one audit entry,
and refuses (nothing written) with a message naming the field.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import insert_instances
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.custody.allocation import age_fits, sex_fits
from reintegra.custody.models import Unit, UnitStay
from reintegra.justice.models import CustodyEpisode
from reintegra.programmes.eligibility import age_on

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _unit_errors(errors: Errors, episode: CustodyEpisode, unit: Unit | None, on: dt.date | None,
                 field: str = "unit") -> None:
    """The unit must be an active unit of the episode's facility that takes this person."""
    if unit is None:
        _add(errors, field, _("Choose a unit."))
        return
    if unit.facility_id != episode.facility_id:
        _add(errors, field, _("This unit belongs to another facility than the one the person is held in."))
    elif not unit.active:
        _add(errors, field, _("This unit is closed."))
    person = episode.person
    if sex_fits(person.sex, unit.sex_category) is False:
        _add(errors, field, _("This unit does not hold people of this person's sex."))
    if on is not None and age_fits(age_on(person.date_of_birth, on), unit.age_category) is False:
        _add(errors, field, _("This unit does not hold people of this person's age."))


def _date_errors(errors: Errors, episode: CustodyEpisode, on: dt.date | None, field: str) -> None:
    if on is None:
        _add(errors, field, _("This field is required."))
        return
    if on > timezone.localdate():
        _add(errors, field, _("The date cannot be in the future."))
    if on < episode.admitted_on or (episode.released_on is not None and on >= episode.released_on):
        _add(errors, field, _("The date must fall within the custody stay (from admission, before release)."))


def _locked_episode(episode: CustodyEpisode, errors: Errors) -> CustodyEpisode:
    """The episode locked for the write (stays of one episode are written one at a time)."""
    locked = CustodyEpisode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    if locked.voided_at is not None or locked.person.voided_at is not None:
        _add(errors, "episode", _("This custody stay is voided."))
    return locked


def _open_stay(episode: CustodyEpisode) -> UnitStay | None:
    return UnitStay.objects.filter(episode=episode, to_on__isnull=True, voided_at__isnull=True).first()


def _audit(actor: Any, action: str, stay: UnitStay, fields: Sequence[str]) -> None:
    audit_record(actor=actor, action=action, object_type="custody.unitstay", object_id=stay.pk,
                 person_id=stay.episode.person_id, fields=sorted(fields))


@transaction.atomic
def unit_stay_start(*, actor: Any, episode: CustodyEpisode, unit: Unit, from_on: dt.date) -> UnitStay:
    """Place the person held in ``episode`` in ``unit`` from ``from_on``. Refused when they are
    already in a unit (use ``unit_move``) or the day falls in an earlier stay of the episode."""
    errors: Errors = {}
    episode = _locked_episode(episode, errors)
    _unit_errors(errors, episode, unit, from_on)
    _date_errors(errors, episode, from_on, "from_on")
    if _open_stay(episode) is not None:
        _add(errors, "unit", _("The person is already in a unit: record a move instead."))
    elif from_on is not None and UnitStay.objects.filter(episode=episode, voided_at__isnull=True,
                                                         to_on__gt=from_on).exists():
        _add(errors, "from_on", _("The person was in another unit on this day."))
    if errors:
        raise ValidationError(errors)
    stay = UnitStay(episode=episode, unit=unit, from_on=from_on)
    stay.full_clean()
    stay.save()
    versioned_create(stay, actor=actor)
    _audit(actor, AuditAction.CREATE, stay, ("episode", "unit", "from_on"))
    return stay


@transaction.atomic
def unit_move(*, actor: Any, episode: CustodyEpisode, to_unit: Unit, moved_on: dt.date,
              expected_version: int) -> UnitStay:
    """Move the person to ``to_unit`` on ``moved_on``: the open stay (whose version the caller saw:
    ``expected_version``) ends that day and the next starts the same day. Returns the new stay."""
    errors: Errors = {}
    episode = _locked_episode(episode, errors)
    current = _open_stay(episode)
    _unit_errors(errors, episode, to_unit, moved_on, field="to_unit")
    _date_errors(errors, episode, moved_on, "moved_on")
    if current is None:
        _add(errors, "to_unit", _("The person is in no unit yet: place them in one first."))
    else:
        if to_unit is not None and to_unit.pk == current.unit_id:
            _add(errors, "to_unit", _("The person is already in this unit."))
        if moved_on is not None and moved_on < current.from_on:
            _add(errors, "moved_on", _("The move cannot come before the person entered the current unit."))
    if errors:
        raise ValidationError(errors)
    versioned_update(current, actor=actor, expected_version=expected_version, changes={"to_on": moved_on},
                     reason=_("moved to %(unit)s") % {"unit": to_unit.name})
    stay = UnitStay(episode=episode, unit=to_unit, from_on=moved_on)
    stay.full_clean()
    stay.save()
    versioned_create(stay, actor=actor)
    _audit(actor, AuditAction.UPDATE, current, ("to_on",))
    _audit(actor, AuditAction.CREATE, stay, ("episode", "unit", "from_on"))
    return stay


@transaction.atomic
def unit_stay_end(*, actor: Any, stay: UnitStay, to_on: dt.date, expected_version: int) -> UnitStay:
    """Close an open stay on ``to_on`` (the person leaves the unit without moving to another)."""
    errors: Errors = {}
    episode = _locked_episode(stay.episode, errors)
    if stay.voided_at is not None:
        _add(errors, "stay", _("This unit stay is voided."))
    if stay.to_on is not None:
        _add(errors, "to_on", _("This unit stay has already ended."))
    if to_on is None:
        _add(errors, "to_on", _("This field is required."))
    else:
        if to_on < stay.from_on:
            _add(errors, "to_on", _("The end cannot come before the start."))
        if to_on > timezone.localdate():
            _add(errors, "to_on", _("The date cannot be in the future."))
        if episode.released_on is not None and to_on > episode.released_on:
            _add(errors, "to_on", _("The date must fall within the custody stay (from admission, before release)."))
    if errors:
        raise ValidationError(errors)
    stay = versioned_update(stay, actor=actor, expected_version=expected_version, changes={"to_on": to_on})
    _audit(actor, AuditAction.UPDATE, stay, ("to_on",))
    return stay


def close_open_stay(*, actor: Any, episode: CustodyEpisode, on: dt.date) -> UnitStay | None:
    """End the open unit stay of an episode that ends on ``on`` (a transfer or release); ``None`` if
    there was none. For services that end the episode in the same transaction."""
    current = _open_stay(episode)
    if current is None:
        return None
    return versioned_update(current, actor=actor, expected_version=current.version,
                            changes={"to_on": max(on, current.from_on)}, reason=_("left the facility"))


@dataclass(frozen=True)
class UnitStayInput:
    """One stay for ``unit_stay_bulk_start``: the arguments of ``unit_stay_start``."""

    episode: CustodyEpisode
    unit: Unit
    from_on: dt.date
    to_on: dt.date | None = None


@transaction.atomic
def unit_stay_bulk_start(*, actor: Any, rows: Sequence[UnitStayInput]) -> list[UnitStay]:
    """Insert many stays at once (synthetic data, imports), each checked like ``unit_stay_start``
    against its episode and unit (facility, dates, at most one open stay per episode, no overlap
    within an episode in the batch; episodes that already have stays are refused). Load the
    episodes with ``select_related("person")``. One bad row saves nothing; errors name the row.
    One audit entry for the batch; no per-row history (the rows are version 1 as inserted)."""
    errors: list[str] = []
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
    stays: list[UnitStay] = []
    placed = set(UnitStay.objects.filter(episode_id__in={row.episode.pk for row in rows}, voided_at__isnull=True)
                 .values_list("episode_id", flat=True))
    for index, row in enumerate(rows, start=1):
        row_errors: Errors = {}
        episode = row.episode
        if episode.pk in placed:
            _add(row_errors, "episode", _("This custody stay already has unit stays: use a move."))
        _unit_errors(row_errors, episode, row.unit, None)
        if row.from_on < episode.admitted_on or (row.to_on is not None and row.to_on < row.from_on) or (
                episode.released_on is not None and (row.from_on >= episode.released_on or row.to_on is None
                                                     or row.to_on > episode.released_on)):
            _add(row_errors, "from_on", _("The stay must fall within the custody stay."))
        for start, end in spans.get(episode.pk, []):
            if (end is None or row.from_on < end) and (row.to_on is None or start < row.to_on):
                _add(row_errors, "from_on", _("The person was in another unit on this day."))
        spans.setdefault(episode.pk, []).append((row.from_on, row.to_on))
        for field, messages in row_errors.items():
            errors += [f"{index}: {field}: {message}" for message in messages]
        stays.append(UnitStay(episode=episode, unit=row.unit, from_on=row.from_on, to_on=row.to_on))
    if errors:
        raise ValidationError({"rows": errors})
    # The audit entry (an ORM insert) first, then the rows through ``core.bulkinsert``: inside a
    # pipelined batch (synthetic data) they go to the writer thread instead of holding up the caller.
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="custody.unitstay", object_id="bulk",
                 fields=["episode", "unit", "from_on", "to_on"])
    insert_instances(UnitStay, stays)
    return stays
