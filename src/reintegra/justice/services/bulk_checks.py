"""Validation of a ``JusticeBatch``: every row by the rules of the single-record services
(``justice.rules``), and the batch as a whole against what is stored (overlapping stays, case
references, transfers). Problems are reported as ``"<list>[<row>].<field>"``."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.justice.choices import ChargeOutcome, ReleaseType
from reintegra.justice.models import Case, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.justice.rules import (
    Errors, Span, case_errors, charge_errors, charge_outcome_errors, custody_errors, disposition_errors,
    overlap_message_custody, overlap_message_supervision, supervision_errors,
)
from reintegra.people.models import Person

if TYPE_CHECKING:
    from reintegra.justice.services.bulk import JusticeBatch

MAX_REPORTED_ERRORS = 50
_CHUNK = 5000
T = TypeVar("T")


def chunks(items: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Report:
    """Collects row errors as ``{"<list>[<row>].<field>": [messages]}``."""

    def __init__(self) -> None:
        self.errors: Errors = {}
        self.count = 0

    def add(self, name: str, row: int, errors: Errors) -> None:
        for field_name, messages in errors.items():
            self.count += 1
            if len(self.errors) < MAX_REPORTED_ERRORS:
                self.errors.setdefault(f"{name}[{row}].{field_name}", []).extend(messages)

    def raise_if_any(self) -> None:
        if self.errors:
            if self.count > len(self.errors):
                self.errors.setdefault("__all__", []).append(
                    _("%(count)s problems in all; the first are listed.") % {"count": self.count}
                )
            raise ValidationError(self.errors)


def lookup(model: type[models.Model], ids: set[int], fields: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
    found: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(sorted(ids)):
        for row in model.objects.filter(pk__in=chunk).values_list("pk", *fields):
            found[row[0]] = row[1:]
    return found


def related(obj: models.Model, name: str) -> Any:
    """The related object (saved or in the batch) without a query, or ``None``."""
    return obj._state.fields_cache.get(name)


def _check_no_overlaps(
    report: Report, name: str, rows: list[tuple[int, Span]], message: str, field_name: str,
) -> None:
    """``rows`` are (row index, or -1 for a stored record, span) of one person (and kind).

    Sorted by start, a span clashes with an earlier one when it starts before the latest end
    seen so far (open spans never end) or on the same day as the previous start. The batch row
    of the clashing pair is reported (stored records are not the batch's to fix).
    """
    rows.sort(key=lambda item: (item[1].start, item[0]))
    latest_end: dt.date | None = dt.date.min
    end_holder = -1
    previous: tuple[int, Span] | None = None
    for index, span in rows:
        blocker = None
        if latest_end is None or span.start < latest_end:
            blocker = end_holder
        elif previous is not None and previous[1].start == span.start:
            blocker = previous[0]
        if blocker is not None:
            culprit = index if index >= 0 else blocker
            if culprit >= 0:
                report.add(name, culprit, {field_name: [message]})
        if latest_end is not None and (span.end is None or span.end > latest_end):
            latest_end, end_holder = span.end, index
        previous = (index, span)


def _attach_saved_parents(batch: "JusticeBatch") -> None:
    """Rows that name a saved case or disposition by id get the object, so the checks and the
    timeline read it without a query per row."""
    wanted_cases = {o.case_id for o in (*batch.charges, *batch.dispositions, *batch.custody_episodes)
                    if o.case_id and related(o, "case") is None}
    wanted_dispositions = {o.disposition_id for o in (*batch.custody_episodes, *batch.supervision_periods)
                           if o.disposition_id and related(o, "disposition") is None}
    cases = {c.pk: c for chunk in chunks(sorted(wanted_cases)) for c in Case.objects.filter(pk__in=chunk)}
    dispositions = {
        d.pk: d for chunk in chunks(sorted(wanted_dispositions))
        for d in Disposition.objects.filter(pk__in=chunk).select_related("case")
    }
    for obj in (*batch.charges, *batch.dispositions, *batch.custody_episodes):
        if obj.case_id in cases and related(obj, "case") is None:
            obj.case = cases[obj.case_id]
    for obj in (*batch.custody_episodes, *batch.supervision_periods):
        if obj.disposition_id in dispositions and related(obj, "disposition") is None:
            obj.disposition = dispositions[obj.disposition_id]


def validate_batch(batch: "JusticeBatch", report: Report, on: dt.date) -> None:  # noqa: C901 - one pass per list
    _attach_saved_parents(batch)
    person_ids: set[int] = set()
    org_ids: set[int] = set()
    for case in batch.cases:
        person_ids.add(case.person_id)
        if case.court_id:
            org_ids.add(case.court_id)
    for disposition in batch.dispositions:
        parent = related(disposition, "case")
        if disposition.person_id is None and parent is not None:
            disposition.person_id = parent.person_id
        person_ids.add(disposition.person_id)
    for episode in batch.custody_episodes:
        person_ids.add(episode.person_id)
        org_ids.add(episode.facility_id)
    for period in batch.supervision_periods:
        person_ids.add(period.person_id)
        org_ids.add(period.office_id)
    person_ids.discard(None)  # type: ignore[arg-type]
    org_ids.discard(None)  # type: ignore[arg-type]
    persons = lookup(Person, person_ids, ("voided_at", "merged_into_id"))
    org_kinds = {pk: row[0] for pk, row in lookup(Organisation, org_ids, ("kind",)).items()}
    offences = lookup(OffenceCategory, {c.offence_id for c in batch.charges if c.offence_id}, ("iccs_section_id", "active"))

    def check_person(name: str, row: int, person_id: int | None) -> None:
        state = persons.get(person_id) if person_id else None
        if state is None:
            report.add(name, row, {"person": [_("Save the person before their justice record.")]})
        elif state[0] is not None or state[1] is not None:
            report.add(name, row, {"person": [_("This person's record is voided or merged; use the current record.")]})

    def check_org(name: str, row: int, field_name: str, org_id: int | None) -> str | None:
        if org_id is None:
            report.add(name, row, {field_name: [_("This field is required.")]})
            return None
        if org_id not in org_kinds:
            report.add(name, row, {field_name: [_("This organisation does not exist.")]})
            return None
        return org_kinds[org_id]

    batch_cases = {id(case) for case in batch.cases}
    references: set[tuple[int, str]] = set()
    for row, case in enumerate(batch.cases):
        check_person("cases", row, case.person_id)
        court_kind = check_org("cases", row, "court", case.court_id) if case.court_id else None
        errors = case_errors(reference=case.reference, opened_on=case.opened_on, court_kind=court_kind, today=on,
                             closed_on=case.closed_on, status=case.status)
        key = (case.person_id, case.reference)
        if key in references:
            errors.setdefault("reference", []).append(_("This person already has a case with this reference."))
        references.add(key)
        report.add("cases", row, errors)
    stored_refs = set()
    for chunk in chunks(sorted({p for p, _r in references if p})):
        stored_refs.update(Case.objects.filter(person_id__in=chunk, voided_at__isnull=True).values_list("person_id", "reference"))
    for row, case in enumerate(batch.cases):
        if (case.person_id, case.reference) in stored_refs:
            report.add("cases", row, {"reference": [_("This person already has a case with this reference.")]})

    def check_case(name: str, row: int, obj: models.Model) -> Case | None:
        parent = related(obj, "case")
        if parent is None or (parent.pk is None and id(parent) not in batch_cases):
            report.add(name, row, {"case": [_("Link this row to a case of the batch or a saved case.")]})
            return None
        return parent

    for row, charge in enumerate(batch.charges):
        check_case("charges", row, charge)
        offence = offences.get(charge.offence_id)
        errors = charge_errors(
            offence_date=charge.offence_date, offence_mapped=bool(offence and offence[0]),
            offence_active=bool(offence and offence[1]), today=on,
        )
        if charge.outcome != ChargeOutcome.PENDING or charge.outcome_date is not None:
            if charge.offence_date is not None:
                errors.update(charge_outcome_errors(
                    outcome=charge.outcome, outcome_date=charge.outcome_date, offence_date=charge.offence_date, today=on,
                ))
        report.add("charges", row, errors)

    batch_dispositions = {id(d) for d in batch.dispositions}
    for row, disposition in enumerate(batch.dispositions):
        parent = check_case("dispositions", row, disposition)
        check_person("dispositions", row, disposition.person_id)
        errors = disposition_errors(
            kind=disposition.kind, decided_on=disposition.decided_on, starts_on=disposition.starts_on,
            term_days=disposition.term_days, fine_amount=disposition.fine_amount, hours=disposition.hours,
            case_opened_on=parent.opened_on if parent else None, today=on,
        )
        if parent is not None and parent.person_id != disposition.person_id:
            errors.setdefault("person", []).append(_("The disposition and its case belong to different people."))
        report.add("dispositions", row, errors)

    def check_disposition(name: str, row: int, obj: models.Model, person_id: int) -> Disposition | None:
        linked = related(obj, "disposition")
        if linked is None and getattr(obj, "disposition_id", None):
            report.add(name, row, {"disposition": [_("This disposition does not exist.")]})
            return None
        if linked is None:
            return None
        if linked.pk is None and id(linked) not in batch_dispositions:
            report.add(name, row, {"disposition": [_("Link this row to a disposition of the batch or a saved one.")]})
        elif linked.person_id != person_id:
            report.add(name, row, {"disposition": [_("This disposition belongs to someone else.")]})
        return linked

    custody_by_person: dict[int, list[tuple[int, Span]]] = defaultdict(list)
    for row, episode in enumerate(batch.custody_episodes):
        check_person("custody_episodes", row, episode.person_id)
        kind = check_org("custody_episodes", row, "facility", episode.facility_id)
        linked = check_disposition("custody_episodes", row, episode, episode.person_id)
        if linked is not None and related(episode, "case") is None and episode.case_id is None:
            episode.case = linked.case  # a sentenced stay belongs to its sentence's case
        parent = related(episode, "case")
        if parent is not None and parent.person_id != episode.person_id:
            report.add("custody_episodes", row, {"case": [_("This case belongs to someone else.")]})
        report.add("custody_episodes", row, custody_errors(
            kind=episode.kind, facility_kind=kind, admitted_on=episode.admitted_on, released_on=episode.released_on,
            release_type=episode.release_type, disposition_kind=linked.kind if linked else None, today=on,
        ))
        if episode.admitted_on is not None:
            custody_by_person[episode.person_id].append((row, Span(episode.admitted_on, episode.released_on)))

    supervision_by_key: dict[tuple[int, str], list[tuple[int, Span]]] = defaultdict(list)
    for row, period in enumerate(batch.supervision_periods):
        check_person("supervision_periods", row, period.person_id)
        kind = check_org("supervision_periods", row, "office", period.office_id)
        check_disposition("supervision_periods", row, period, period.person_id)
        report.add("supervision_periods", row, supervision_errors(
            kind=period.kind, office_kind=kind, starts_on=period.starts_on, expected_end_on=period.expected_end_on,
            ended_on=period.ended_on, end_reason=period.end_reason, today=on,
        ))
        if period.starts_on is not None:
            supervision_by_key[(period.person_id, period.kind)].append((row, Span(period.starts_on, period.ended_on)))

    _check_transfers(batch, report)
    for chunk in chunks(sorted(custody_by_person)):
        for person_id, start, end in CustodyEpisode.objects.filter(
            person_id__in=chunk, voided_at__isnull=True,
        ).values_list("person_id", "admitted_on", "released_on"):
            custody_by_person[person_id].append((-1, Span(start, end)))
    custody_message = overlap_message_custody()
    for rows in custody_by_person.values():
        _check_no_overlaps(report, "custody_episodes", rows, custody_message, "admitted_on")
    for chunk in chunks(sorted({person_id for person_id, _kind in supervision_by_key})):
        for person_id, kind, start, end in SupervisionPeriod.objects.filter(
            person_id__in=chunk, voided_at__isnull=True,
        ).values_list("person_id", "kind", "starts_on", "ended_on"):
            if (person_id, kind) in supervision_by_key:
                supervision_by_key[(person_id, kind)].append((-1, Span(start, end)))
    supervision_message = overlap_message_supervision()
    for rows in supervision_by_key.values():
        _check_no_overlaps(report, "supervision_periods", rows, supervision_message, "starts_on")


def _check_transfers(batch: "JusticeBatch", report: Report) -> None:
    """A stay ended by transfer must be followed by a stay of the same kind starting that day."""
    starts = {(e.person_id, e.admitted_on, e.kind) for e in batch.custody_episodes}
    for row, episode in enumerate(batch.custody_episodes):
        if episode.release_type == ReleaseType.TRANSFER and episode.released_on is not None:
            if (episode.person_id, episode.released_on, episode.kind) not in starts:
                report.add("custody_episodes", row, {"release_type": [
                    _("A transfer must be followed by an admission to the new facility on the same day."),
                ]})
