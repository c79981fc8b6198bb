"""Writes for custody episodes: admission, release and transfer between facilities."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.choices import ReleaseType
from reintegra.justice.models import Case, CustodyEpisode, Disposition
from reintegra.justice.hooks import release_guard_errors, run_admission_hooks
from reintegra.justice.rules import (
    Errors, Span, add, custody_errors, first_overlap, overlap_message_custody,
)
from reintegra.justice.services.events import check_version, lock_person, raise_if, record, refuse_voided, today
from reintegra.people.models import Person


def _other_spans(person: Person, exclude_pk: int | None = None) -> list[Span]:
    rows = CustodyEpisode.objects.filter(person=person, voided_at__isnull=True)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [Span(a, r) for a, r in rows.values_list("admitted_on", "released_on")]


def _check_links(errors: Errors, person: Person, disposition: Disposition | None, case: Case | None) -> None:
    refuse_voided(errors, "disposition", disposition)
    refuse_voided(errors, "case", case)
    if disposition is not None and disposition.person_id != person.pk:
        add(errors, "disposition", _("This sentence belongs to someone else."))
    if case is not None and case.person_id != person.pk:
        add(errors, "case", _("This case belongs to someone else."))
    if disposition is not None and case is not None and disposition.case_id != case.pk:
        add(errors, "case", _("The sentence belongs to another case."))


@transaction.atomic
def custody_admit(
    *, actor: Any, person: Person, facility: Organisation, kind: str, admitted_on: dt.date,
    disposition: Disposition | None = None, case: Case | None = None,
) -> CustodyEpisode:
    """Admit ``person`` to ``facility`` (a prison) on remand or under sentence.

    ``case`` links pretrial detention to the case it is for (so the time can be credited to the
    sentence); a sentenced stay takes its case from ``disposition``. A person has at most one stay
    at a time: an admission overlapping another episode is refused.
    """
    errors = lock_person(person)
    errors.update(custody_errors(
        kind=kind, facility_kind=facility.kind if facility else None, admitted_on=admitted_on, released_on=None,
        release_type="", disposition_kind=disposition.kind if disposition else None, today=today(),
    ))
    if facility is None:
        add(errors, "facility", _("This field is required."))
    _check_links(errors, person, disposition, case)
    if case is None and disposition is not None:
        case = disposition.case
    if admitted_on is not None and first_overlap(Span(admitted_on, None), _other_spans(person)):
        add(errors, "admitted_on", overlap_message_custody())
    raise_if(errors)
    episode = CustodyEpisode(
        person=person, facility=facility, kind=kind, admitted_on=admitted_on, disposition=disposition, case=case,
    )
    episode.full_clean()
    episode.save()
    versioned_create(episode, actor=actor)
    record(
        person=person, kind="custody.admitted", occurred_on=admitted_on,
        params={"facility": facility.name, "kind": kind}, obj=episode, actor=actor,
    )
    run_admission_hooks(episode, actor)
    return episode


def _release_errors(episode: CustodyEpisode, released_on: dt.date, release_type: str) -> Errors:
    errors: Errors = {}
    refuse_voided(errors, "episode", episode)
    if episode.released_on is not None:
        add(errors, "released_on", _("This person has already been released from this stay."))
    errors.update(custody_errors(
        kind=episode.kind, facility_kind=None, admitted_on=episode.admitted_on, released_on=released_on,
        release_type=release_type, disposition_kind=None, today=today(),
    ))
    if released_on is None:
        add(errors, "released_on", _("This field is required."))
    elif first_overlap(Span(episode.admitted_on, released_on), _other_spans(episode.person, episode.pk)):
        add(errors, "released_on", overlap_message_custody())
    return errors


@transaction.atomic
def custody_release(
    *, actor: Any, episode: CustodyEpisode, released_on: dt.date, release_type: str, expected_version: int,
) -> CustodyEpisode:
    """End a stay. The release type is required; a move between facilities is ``custody_transfer``."""
    errors = lock_person(episode.person)
    check_version(episode, expected_version)
    errors.update(_release_errors(episode, released_on, release_type))
    if release_type == ReleaseType.TRANSFER:
        add(errors, "release_type", _("To move a person to another facility, use transfer."))
    elif released_on is not None and not errors:
        for field, messages in release_guard_errors(episode, released_on, release_type).items():
            for message in messages:
                add(errors, field, message)
    raise_if(errors)
    episode = versioned_update(
        episode, actor=actor, expected_version=expected_version,
        changes={"released_on": released_on, "release_type": release_type},
    )
    record(
        person=episode.person, kind="custody.released", occurred_on=released_on,
        params={"facility": episode.facility.name, "release_type": release_type},
        obj=episode, actor=actor,
    )
    return episode


@transaction.atomic
def custody_transfer(
    *, actor: Any, episode: CustodyEpisode, to_facility: Organisation, transferred_on: dt.date,
    expected_version: int,
) -> CustodyEpisode:
    """Move a person to another facility: the current stay ends (release type "transfer") and a new
    one starts at ``to_facility`` on the same day, with the same kind, case and sentence.
    Returns the new episode."""
    errors = lock_person(episode.person)
    check_version(episode, expected_version)
    errors.update(_release_errors(episode, transferred_on, ReleaseType.TRANSFER))
    if to_facility is None:
        add(errors, "to_facility", _("This field is required."))
    else:
        facility_errors = custody_errors(
            kind=episode.kind, facility_kind=to_facility.kind, admitted_on=transferred_on, released_on=None,
            release_type="", disposition_kind=None, today=today(),
        )
        for message in facility_errors.get("facility", []):
            add(errors, "to_facility", message)
        if to_facility.pk == episode.facility_id:
            add(errors, "to_facility", _("The person is already in this facility."))
    if "released_on" in errors:
        errors["transferred_on"] = errors.pop("released_on")
    raise_if(errors)
    old_facility = episode.facility
    versioned_update(
        episode, actor=actor, expected_version=expected_version,
        changes={"released_on": transferred_on, "release_type": ReleaseType.TRANSFER},
    )
    new_episode = CustodyEpisode(
        person_id=episode.person_id, facility=to_facility, kind=episode.kind, admitted_on=transferred_on,
        disposition_id=episode.disposition_id, case_id=episode.case_id,
    )
    new_episode.full_clean()
    new_episode.save()
    versioned_create(new_episode, actor=actor, reason=_("transfer"))
    record(
        person=episode.person, kind="custody.transferred", occurred_on=transferred_on,
        params={"from_facility": old_facility.name, "to_facility": to_facility.name}, obj=new_episode, actor=actor,
    )
    return new_episode
