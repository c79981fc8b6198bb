"""Writes for periods of community supervision (probation, parole, licence, pretrial)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation, User
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.models import Disposition, SupervisionPeriod
from reintegra.justice.rules import Span, add, first_overlap, overlap_message_supervision, supervision_errors
from reintegra.justice.services.events import check_version, lock_person, raise_if, record, refuse_voided, today
from reintegra.people.models import Person


def _same_kind_spans(person: Person, kind: str, exclude_pk: int | None = None) -> list[Span]:
    rows = SupervisionPeriod.objects.filter(person=person, kind=kind, voided_at__isnull=True)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return [Span(s, e) for s, e in rows.values_list("starts_on", "ended_on")]


@transaction.atomic
def supervision_start(
    *, actor: Any, person: Person, kind: str, office: Organisation, starts_on: dt.date,
    officer: User | None = None, disposition: Disposition | None = None, expected_end_on: dt.date | None = None,
) -> SupervisionPeriod:
    """Start supervising ``person`` from a probation office or service. Two periods of the same
    kind may not overlap (a probation order and a licence can run side by side)."""
    errors = lock_person(person)
    errors.update(supervision_errors(
        kind=kind, office_kind=office.kind if office else None, starts_on=starts_on,
        expected_end_on=expected_end_on, ended_on=None, end_reason="", today=today(),
    ))
    if office is None:
        add(errors, "office", _("This field is required."))
    refuse_voided(errors, "disposition", disposition)
    if disposition is not None and disposition.person_id != person.pk:
        add(errors, "disposition", _("This disposition belongs to someone else."))
    if starts_on is not None and first_overlap(Span(starts_on, None), _same_kind_spans(person, kind)):
        add(errors, "starts_on", overlap_message_supervision())
    raise_if(errors)
    period = SupervisionPeriod(
        person=person, kind=kind, office=office, officer=officer, disposition=disposition,
        starts_on=starts_on, expected_end_on=expected_end_on,
    )
    period.full_clean()
    period.save()
    versioned_create(period, actor=actor)
    record(
        person=person, kind="supervision.started", occurred_on=starts_on,
        params={"kind": kind, "office": office.name}, obj=period, actor=actor,
    )
    return period


@transaction.atomic
def supervision_end(
    *, actor: Any, period: SupervisionPeriod, ended_on: dt.date, end_reason: str, expected_version: int,
) -> SupervisionPeriod:
    """End a supervision period, saying how it ended."""
    errors = lock_person(period.person)
    check_version(period, expected_version)
    refuse_voided(errors, "period", period)
    if period.ended_on is not None:
        add(errors, "ended_on", _("This supervision period has already ended."))
    errors.update(supervision_errors(
        kind=period.kind, office_kind=None, starts_on=period.starts_on, expected_end_on=None,
        ended_on=ended_on, end_reason=end_reason, today=today(),
    ))
    if ended_on is None:
        add(errors, "ended_on", _("This field is required."))
    elif first_overlap(Span(period.starts_on, ended_on), _same_kind_spans(period.person, period.kind, period.pk)):
        add(errors, "ended_on", overlap_message_supervision())
    raise_if(errors)
    period = versioned_update(
        period, actor=actor, expected_version=expected_version,
        changes={"ended_on": ended_on, "end_reason": end_reason},
    )
    record(
        person=period.person, kind="supervision.ended", occurred_on=ended_on,
        params={"kind": period.kind, "end_reason": end_reason},
        obj=period, actor=actor,
    )
    return period
