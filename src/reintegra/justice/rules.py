"""The validation rules of the justice record as pure functions over plain values.

Single-record services and the bulk loader apply the same rules, so a record that the UI refuses
cannot slip in through an import. Each function returns ``{field: [message, ...]}`` (empty when
the values are valid); callers raise ``ValidationError`` with it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from reintegra.accounts.choices import OrganisationKind
from reintegra.justice.choices import (
    CaseStatus, ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)

Errors = dict[str, list[str]]

FACILITY_KINDS = frozenset({OrganisationKind.PRISON.value})
SUPERVISION_OFFICE_KINDS = frozenset({OrganisationKind.PROBATION_OFFICE.value, OrganisationKind.PROBATION_SERVICE.value})
COURT_KINDS = frozenset({OrganisationKind.COURT.value})

# Which disposition kinds need (or may not have) a term, a fine amount or hours.
TERM_REQUIRED = frozenset({DispositionKind.CUSTODIAL.value, DispositionKind.SUSPENDED.value})
TERM_ALLOWED = TERM_REQUIRED | {
    DispositionKind.PROBATION.value, DispositionKind.COMMUNITY_SERVICE.value,
    DispositionKind.CONDITIONAL_DISCHARGE.value, DispositionKind.DIVERSION.value,
}
FINE_KINDS = frozenset({DispositionKind.FINE.value})
HOURS_KINDS = frozenset({DispositionKind.COMMUNITY_SERVICE.value})

_CUSTODY_KINDS = frozenset(CustodyKind.values)
_RELEASE_TYPES = frozenset(ReleaseType.values)
_SUPERVISION_KINDS = frozenset(SupervisionKind.values)
_SUPERVISION_ENDS = frozenset(SupervisionEnd.values)
_DISPOSITION_KINDS = frozenset(DispositionKind.values)
_CHARGE_OUTCOMES = frozenset(ChargeOutcome.values)
_CASE_STATUSES = frozenset(CaseStatus.values)


class Span(NamedTuple):
    """A stay or period: ``start`` inclusive, ``end`` exclusive (``None`` = still open)."""

    start: dt.date
    end: dt.date | None


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def spans_overlap(a: Span, b: Span) -> bool:
    """Whether two spans share a day. The day one ends is free for the next to start (transfers),
    but two spans starting on the same day always clash."""
    if a.start == b.start:
        return True
    a_before_b_ends = b.end is None or a.start < b.end
    b_before_a_ends = a.end is None or b.start < a.end
    return a_before_b_ends and b_before_a_ends


def first_overlap(span: Span, others: Iterable[Span]) -> Span | None:
    for other in others:
        if spans_overlap(span, other):
            return other
    return None


def not_future(errors: Errors, field: str, value: dt.date | None, today: dt.date) -> None:
    if value is not None and value > today:
        add(errors, field, _("This date is in the future; record it once it has happened."))


def required(errors: Errors, field: str, value: object) -> bool:
    if value is None or value == "":
        add(errors, field, _("This field is required."))
        return False
    return True


def choice(errors: Errors, field: str, value: str, allowed: frozenset[str]) -> None:
    if required(errors, field, value) and value not in allowed:
        add(errors, field, _("“%(value)s” is not a valid choice.") % {"value": value})


def case_errors(
    *, reference: str, opened_on: dt.date | None, court_kind: str | None, today: dt.date,
    closed_on: dt.date | None = None, status: str = CaseStatus.OPEN,
) -> Errors:
    errors: Errors = {}
    choice(errors, "status", status, _CASE_STATUSES)
    if closed_on is not None:
        not_future(errors, "closed_on", closed_on, today)
        if opened_on is not None and closed_on < opened_on:
            add(errors, "closed_on", _("A case cannot close before it was opened."))
    if required(errors, "reference", (reference or "").strip()) and len(reference) > 64:
        add(errors, "reference", _("A case reference has at most 64 characters."))
    if required(errors, "opened_on", opened_on):
        not_future(errors, "opened_on", opened_on, today)
    if court_kind is not None and court_kind not in COURT_KINDS:
        add(errors, "court", _("Choose a court."))
    return errors


def charge_errors(*, offence_date: dt.date | None, offence_mapped: bool, offence_active: bool, today: dt.date) -> Errors:
    errors: Errors = {}
    if required(errors, "offence_date", offence_date):
        not_future(errors, "offence_date", offence_date, today)
    if not offence_mapped:
        add(errors, "offence", _("This offence code is not mapped to an ICCS section."))
    elif not offence_active:
        add(errors, "offence", _("This offence code is no longer in use."))
    return errors


def charge_outcome_errors(
    *, outcome: str, outcome_date: dt.date | None, offence_date: dt.date, today: dt.date,
) -> Errors:
    errors: Errors = {}
    choice(errors, "outcome", outcome, _CHARGE_OUTCOMES)
    if outcome == ChargeOutcome.PENDING:
        if outcome_date is not None:
            add(errors, "outcome_date", _("A pending charge has no outcome date."))
        return errors
    if required(errors, "outcome_date", outcome_date):
        assert outcome_date is not None
        not_future(errors, "outcome_date", outcome_date, today)
        if outcome_date < offence_date:
            add(errors, "outcome_date", _("The outcome date is before the offence date."))
    return errors


def disposition_errors(
    *, kind: str, decided_on: dt.date | None, starts_on: dt.date | None, term_days: int | None,
    fine_amount: Decimal | None, hours: int | None, case_opened_on: dt.date | None, today: dt.date,
) -> Errors:
    """Dates in order, and the fields each kind needs: a custodial or suspended sentence needs a
    term, a fine an amount, community service its hours; fields that do not belong are refused."""
    errors: Errors = {}
    choice(errors, "kind", kind, _DISPOSITION_KINDS)
    if required(errors, "decided_on", decided_on):
        assert decided_on is not None
        not_future(errors, "decided_on", decided_on, today)
        if case_opened_on is not None and decided_on < case_opened_on:
            add(errors, "decided_on", _("The decision date is before the case was opened."))
        if starts_on is not None and starts_on < decided_on:
            add(errors, "starts_on", _("A sentence cannot start before it was decided."))
    if kind in TERM_REQUIRED and not term_days:
        add(errors, "term_days", _("Give the length of the term in days for this kind of sentence."))
    elif term_days is not None and kind not in TERM_ALLOWED:
        add(errors, "term_days", _("This kind of disposition has no term."))
    if term_days is not None and term_days <= 0:
        add(errors, "term_days", _("The term must be at least one day."))
    if kind in FINE_KINDS:
        if fine_amount is None or fine_amount <= 0:
            add(errors, "fine_amount", _("Give the amount of the fine."))
    elif fine_amount is not None:
        add(errors, "fine_amount", _("Only a fine has a fine amount."))
    if kind in HOURS_KINDS:
        if not hours:
            add(errors, "hours", _("Give the number of community service hours."))
    elif hours is not None:
        add(errors, "hours", _("Only a community service order has hours."))
    return errors


def custody_errors(
    *, kind: str, facility_kind: str | None, admitted_on: dt.date | None, released_on: dt.date | None,
    release_type: str, disposition_kind: str | None, today: dt.date,
) -> Errors:
    """One custody episode on its own: kind, facility, dates in order, release type on release."""
    errors: Errors = {}
    choice(errors, "kind", kind, _CUSTODY_KINDS)
    if facility_kind is not None and facility_kind not in FACILITY_KINDS:
        add(errors, "facility", _("Custody can only be in a prison or detention facility."))
    if required(errors, "admitted_on", admitted_on):
        not_future(errors, "admitted_on", admitted_on, today)
    if released_on is not None:
        not_future(errors, "released_on", released_on, today)
        if admitted_on is not None and released_on < admitted_on:
            add(errors, "released_on", _("The release date is before the admission date."))
        choice(errors, "release_type", release_type, _RELEASE_TYPES)
    elif release_type:
        add(errors, "release_type", _("A release type is given only with a release date."))
    if disposition_kind is not None:
        if kind == CustodyKind.REMAND:
            add(errors, "disposition", _("Pretrial detention is not linked to a sentence."))
        elif disposition_kind != DispositionKind.CUSTODIAL:
            add(errors, "disposition", _("Sentenced custody must be linked to a custodial sentence."))
    return errors


def supervision_errors(
    *, kind: str, office_kind: str | None, starts_on: dt.date | None, expected_end_on: dt.date | None,
    ended_on: dt.date | None, end_reason: str, today: dt.date,
) -> Errors:
    errors: Errors = {}
    choice(errors, "kind", kind, _SUPERVISION_KINDS)
    if office_kind is not None and office_kind not in SUPERVISION_OFFICE_KINDS:
        add(errors, "office", _("Supervision must be held by a probation office or probation service."))
    if required(errors, "starts_on", starts_on):
        not_future(errors, "starts_on", starts_on, today)
    if expected_end_on is not None and starts_on is not None and expected_end_on < starts_on:
        add(errors, "expected_end_on", _("The expected end is before the start."))
    if ended_on is not None:
        not_future(errors, "ended_on", ended_on, today)
        if starts_on is not None and ended_on < starts_on:
            add(errors, "ended_on", _("The end date is before the start date."))
        choice(errors, "end_reason", end_reason, _SUPERVISION_ENDS)
    elif end_reason:
        add(errors, "end_reason", _("Say how supervision ended only when it has ended."))
    return errors


def overlap_message_custody() -> str:
    return _("This stay overlaps another custody episode of this person (at most one at a time).")


def overlap_message_supervision() -> str:
    return _("This period overlaps another supervision period of the same kind for this person.")
