"""Criminal histories: cases, charges (ICCS), dispositions, custody and supervision spans.

One person's record is laid out on a time line that never doubles back: prior cases each own a
slot of time between the first offence and the index offence (custody and supervision end inside
their slot), the index case follows, and reoffences come after the follow-up start. So custody
never overlaps, supervision of one kind never overlaps, and nothing lies after "today".
Records are unsaved model instances linked by Python references, the shape
``justice.services.JusticeBatch`` takes; the engine sets ``person`` once persons exist.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from reintegra.accounts.models import Organisation
from reintegra.justice.choices import (
    CaseStatus, ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, SupervisionPeriod
from reintegra.synth import outcomes
from reintegra.synth.instances import InstanceMaker
from reintegra.synth.jurisdiction import Jurisdiction
from reintegra.synth.people import Draft, Stream

YEAR = 365.25
MAX_REOFFENCES = 4

SECTIONS = ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11")
# Share of index offences by ICCS section in a convicted population (property, violence and drugs dominate).
SECTION_WEIGHTS = (0.015, 0.22, 0.05, 0.08, 0.28, 0.17, 0.06, 0.08, 0.035, 0.005, 0.005)
# Seriousness: shifts the log-odds of a custodial sentence, and the median custodial term in days.
SEVERITY = {"01": 4.0, "02": 0.2, "03": 1.8, "04": 1.2, "05": -0.3, "06": 0.3, "07": -0.3, "08": -1.0,
            "09": -0.6, "10": -1.5, "11": -1.0}
MEDIAN_TERM = {"01": 4400, "02": 240, "03": 1300, "04": 900, "05": 150, "06": 480, "07": 300, "08": 75,
               "09": 180, "10": 120, "11": 120}
NON_CUSTODIAL = (DispositionKind.PROBATION, DispositionKind.SUSPENDED, DispositionKind.COMMUNITY_SERVICE,
                 DispositionKind.FINE, DispositionKind.CONDITIONAL_DISCHARGE, DispositionKind.DIVERSION,
                 DispositionKind.RESTORATIVE)
NON_CUSTODIAL_WEIGHTS = (0.30, 0.20, 0.18, 0.18, 0.06, 0.04, 0.04)
FOUR_YEARS = 4 * 365


def _d(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


_case = InstanceMaker(Case)
_charge = InstanceMaker(Charge)
_disposition = InstanceMaker(Disposition)
_custody = InstanceMaker(CustodyEpisode)
_supervision = InstanceMaker(SupervisionPeriod)


def _logistic(x: float) -> float:
    return outcomes.logistic(x)


@dataclass
class History:
    """One person's generated record and the summary the profile keeps."""

    cases: list[Case] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    custody: list[CustodyEpisode] = field(default_factory=list)
    supervision: list[SupervisionPeriod] = field(default_factory=list)
    age_first: int = 0
    prior_cases: int = 0
    prior_sanctions: int = 0
    prior_custodial: int = 0
    index_section: str = ""
    index_kind: str = ""
    followup_start: dt.date | None = None
    reoffences: int = 0
    risk_logit: float = 0.0
    risk_probability: float = 0.0


@dataclass
class Outcome:
    """What a court case led to: when the person is next at liberty and what to revoke."""

    proven: bool          # convicted or cautioned (a sanction)
    decided: int | None   # date the case was decided (None: still pending at "today")
    free_from: int | None  # follow-up start: release, order start or decision; None if in custody
    custodial: bool


class _Builder:
    def __init__(self, draft: Draft, j: Jurisdiction, today: int) -> None:
        self.d = draft
        self.s: Stream = draft.stream
        self.j = j
        self.today = today
        self.h = History()
        self.court = self.s.pick(j.courts_in(draft.region))
        self.office = self.s.pick(j.offices_in(draft.region))
        self.case_no = 0
        self.prior_convictions = 0

    # -- small pieces ---------------------------------------------------------------------------
    def section(self) -> str:
        return self.s.weighted(SECTIONS, SECTION_WEIGHTS)

    def offence(self, section: str):  # type: ignore[no-untyped-def]
        return self.s.pick(self.j.offences[section])

    def facility(self, on: int) -> Organisation:
        young = self.d.age_on(on) < 21
        pool, weights = self.j.facilities_for(self.d.region, women=self.d.female, youth=young)
        return self.s.weighted(pool, weights).org

    def officer(self):  # type: ignore[no-untyped-def]
        pool = self.j.officers.get(self.office.pk) or []
        return self.s.pick(pool) if pool else None

    def supervise(self, kind: str, start: int, planned_end: int, disposition: Disposition | None,
                  hard_end: int | None = None) -> None:
        """A supervision period from ``start``; it ends as planned, or is revoked at ``hard_end``
        (a new case), or stays open if its end is after today."""
        if planned_end <= start or start > self.today:
            return
        period = _supervision(
            kind=kind, office=self.office, officer=self.officer(), disposition=disposition,
            starts_on=_d(start), expected_end_on=_d(planned_end),
        )
        self.h.supervision.append(period)
        if hard_end is not None and hard_end < planned_end:
            period.ended_on, period.end_reason = _d(max(start, hard_end)), SupervisionEnd.REVOKED
        elif planned_end <= self.today:
            r = self.s.u()
            if r < 0.07:
                early = start + int((planned_end - start) * 0.7)
                period.ended_on, period.end_reason = _d(max(start, early)), SupervisionEnd.EARLY_DISCHARGE
            elif r < 0.10:
                period.ended_on, period.end_reason = _d(planned_end), SupervisionEnd.TRANSFERRED
            elif r < 0.12:
                period.ended_on, period.end_reason = _d(planned_end), SupervisionEnd.OTHER
            else:
                period.ended_on, period.end_reason = _d(planned_end), SupervisionEnd.COMPLETED

    def revoke_open(self, on: int) -> None:
        """A new case while on licence, parole or probation revokes the supervision that day
        (even if it had been planned to end, or did end, later)."""
        day = _d(on)
        for period in self.h.supervision:
            if period.starts_on <= day and (period.ended_on is None or period.ended_on > day):
                period.ended_on, period.end_reason = day, SupervisionEnd.REVOKED

    def custody(self, kind: str, admitted: int, released: int | None, release_type: str,
                disposition: Disposition | None, case: Case, facility: Organisation | None = None) -> None:
        if released is not None and released > self.today:
            released, release_type = None, ""
        self.h.custody.append(_custody(
            kind=kind, facility=facility or self.facility(admitted), disposition=disposition, case=case,
            admitted_on=_d(admitted), released_on=_d(released) if released is not None else None,
            release_type=release_type,
        ))

    # -- a court case -------------------------------------------------------------------------
    def court_case(self, *, offence_on: int, section: str, limit: int, kind: str, remand_ok: bool,
                   decided_on: int | None = None) -> Outcome:
        """One case from offence to disposition, custody and supervision, all before ``limit``
        (the next case's offence, or the day after today). ``kind`` is ``prior``, ``index`` or ``re``;
        the index case comes with its decision date."""
        s = self.s
        room = limit - offence_on
        if decided_on is not None:
            opened = offence_on + min(s.int_between(0, 40), (decided_on - offence_on) // 2)
            decided = decided_on
        else:
            opened = offence_on + min(s.int_between(0, 40), max(0, room // 6))
            lag = 10 + int(s.lognormal(75, 0.6))
            decided = opened + (min(lag, max(1, room // 4)) if kind == "prior" else lag)
        self.case_no += 1
        case = _case(
            reference=f"{self.court.code.removeprefix('xr-court-').upper()}/{_d(opened).year}/{self.d.index}-{self.case_no}",
            court=self.court, opened_on=_d(opened), status=CaseStatus.OPEN,
        )
        self.h.cases.append(case)
        if kind != "prior":
            self.revoke_open(opened)
        charges = [self.charge(case, section, offence_on)]
        for _extra in range(int(s.u() < 0.3) + int(s.u() < 0.1)):
            extra = section if s.chance(0.5) else s.pick(("08", "09", "05", "02"))
            charges.append(self.charge(case, extra, offence_on))

        # Outcome of the case.
        if kind == "index":
            plan = "convicted"
        elif kind == "prior":
            plan = s.weighted(("convicted", "cautioned", "diverted", "acquitted"), (0.72, 0.08, 0.06, 0.14))
        else:  # a new offence after the index: mostly detected, charged and proven
            plan = s.weighted(("convicted", "cautioned", "diverted", "acquitted"), (0.80, 0.08, 0.04, 0.08))
        if plan == "cautioned":
            on = opened + s.int_between(0, 20)
            if on > self.today:
                return Outcome(False, None, None, False)
            for charge in charges:
                charge.outcome, charge.outcome_date = ChargeOutcome.CAUTIONED, _d(on)
            case.status, case.closed_on = CaseStatus.CLOSED, _d(on)
            return Outcome(True, on, on, False)

        p_custody = _logistic(SEVERITY[section] + 0.3 * self.prior_convictions - 1.4)
        custodial = plan == "convicted" and s.chance(p_custody)
        remand_start: int | None = None
        remand_end: int | None = None
        if remand_ok and s.chance(0.1 + 0.45 * p_custody):
            remand_start = opened
            if custodial or s.chance(0.4):
                remand_end = decided
            else:
                remand_end = opened + max(1, int((decided - opened) * s.u()))
        elif s.chance(0.12) and kind != "prior":
            self.supervise(SupervisionKind.PRETRIAL, opened, decided, None)

        if decided > self.today:  # still before the court: charges pending, the case open
            if remand_start is not None and remand_end is not None:
                self.custody(CustodyKind.REMAND, remand_start, remand_end, ReleaseType.BAIL, None, case)
            return Outcome(False, None, None, False)

        case.status, case.closed_on = CaseStatus.CLOSED, _d(decided)
        if plan == "acquitted":
            for charge in charges:
                charge.outcome = s.pick((ChargeOutcome.ACQUITTED, ChargeOutcome.DISMISSED))
                charge.outcome_date = _d(decided)
            if s.chance(0.5):
                self.dispose(case, DispositionKind.ACQUITTAL, decided)
            if remand_start is not None:
                self.custody(CustodyKind.REMAND, remand_start, remand_end, ReleaseType.ACQUITTED, None, case)
            return Outcome(False, decided, decided, False)
        if plan == "diverted":
            for charge in charges:
                charge.outcome, charge.outcome_date = ChargeOutcome.DIVERTED, _d(decided)
            self.dispose(case, s.pick((DispositionKind.DIVERSION, DispositionKind.RESTORATIVE)), decided)
            if remand_start is not None:
                self.custody(CustodyKind.REMAND, remand_start, remand_end, ReleaseType.BAIL, None, case)
            return Outcome(False, decided, decided, False)

        for n, charge in enumerate(charges):
            convicted = n == 0 or s.chance(0.7)
            charge.outcome = ChargeOutcome.CONVICTED if convicted else ChargeOutcome.DISMISSED
            charge.outcome_date = _d(decided)
        self.prior_convictions += 1 if kind == "prior" else 0
        if custodial:
            return self.prison(case, section, decided, remand_start, limit if kind == "prior" else None)
        if remand_start is not None:
            release_type = ReleaseType.COURT_ORDER if remand_end == decided else ReleaseType.BAIL
            self.custody(CustodyKind.REMAND, remand_start, remand_end, release_type, None, case)
        kind_ = s.weighted(NON_CUSTODIAL, NON_CUSTODIAL_WEIGHTS)
        hard_end = limit if kind == "prior" else None
        if kind_ == DispositionKind.PROBATION:
            term = s.int_between(180, 1095)
            disposition = self.dispose(case, kind_, decided, starts_on=decided, term_days=term)
            self.supervise(SupervisionKind.PROBATION, decided, decided + term, disposition, hard_end)
        elif kind_ == DispositionKind.SUSPENDED:
            term = s.int_between(90, 730)
            disposition = self.dispose(case, kind_, decided, starts_on=decided, term_days=term)
            if s.chance(0.5):
                self.supervise(SupervisionKind.PROBATION, decided, decided + min(term, 365), disposition, hard_end)
        elif kind_ == DispositionKind.COMMUNITY_SERVICE:
            self.dispose(case, kind_, decided, starts_on=decided, hours=10 * s.int_between(4, 30))
        elif kind_ == DispositionKind.FINE:
            self.dispose(case, kind_, decided, fine_amount=Decimal(10 * s.int_between(5, 250)))
        elif kind_ == DispositionKind.CONDITIONAL_DISCHARGE:
            self.dispose(case, kind_, decided, term_days=s.int_between(180, 730))
        else:
            self.dispose(case, kind_, decided)
        if kind == "index":
            self.h.index_kind = kind_
        return Outcome(True, decided, decided, False)

    def charge(self, case: Case, section: str, offence_on: int) -> Charge:
        charge = _charge(case=case, offence=self.offence(section), offence_date=_d(offence_on),
                        outcome=ChargeOutcome.PENDING)
        self.h.charges.append(charge)
        return charge

    def dispose(self, case: Case, kind: str, decided: int, *, starts_on: int | None = None,
                term_days: int | None = None, fine_amount: Decimal | None = None,
                hours: int | None = None) -> Disposition:
        disposition = _disposition(
            case=case, kind=kind, decided_on=_d(decided), starts_on=_d(starts_on) if starts_on else None,
            term_days=term_days, fine_amount=fine_amount, hours=hours,
        )
        self.h.dispositions.append(disposition)
        return disposition

    def prison(self, case: Case, section: str, decided: int, remand_start: int | None,
               limit: int | None) -> Outcome:
        """A custodial sentence: remand credited, release at half (or by parole for long terms),
        licence or parole to the end of the term; a transfer now and then."""
        s = self.s
        term = int(min(30 * 365, max(14, s.lognormal(MEDIAN_TERM[section] * (1 + 0.1 * self.prior_convictions), 0.7))))
        if limit is not None:
            term = min(term, max(14, (limit - decided) * 2 - 2))
        disposition = self.dispose(case, DispositionKind.CUSTODIAL, decided, starts_on=decided, term_days=term)
        self.h.prior_custodial += 1 if limit is not None else 0
        start = remand_start if remand_start is not None else decided
        if remand_start is not None:
            self.custody(CustodyKind.REMAND, remand_start, decided, ReleaseType.COURT_ORDER, None, case)
        r = s.u()
        if term <= 28 or r < 0.08:
            fraction, release_type = 1.0, ReleaseType.END_OF_SENTENCE
        elif term > FOUR_YEARS and r < 0.75:
            fraction, release_type = 0.5 + s.u() * 0.17, ReleaseType.PAROLE
        else:
            fraction, release_type = 0.5, ReleaseType.CONDITIONAL
        release = max(decided + 1, start + int(term * fraction))
        if limit is not None:
            release = min(release, limit - 1)
        if s.chance(0.001):
            release_type = ReleaseType.DEATH
        end_of_term = start + term
        # A transfer splits the sentenced stay into two episodes in two facilities.
        first = self.facility(decided)
        if release - decided > 365 and s.chance(0.3):
            moved = decided + 1 + int((release - decided - 2) * s.u())
            if moved <= self.today:
                self.custody(CustodyKind.SENTENCED, decided, moved, ReleaseType.TRANSFER, disposition, case, first)
                self.custody(CustodyKind.SENTENCED, moved, release, release_type, disposition, case)
            else:
                self.custody(CustodyKind.SENTENCED, decided, release, release_type, disposition, case, first)
        else:
            self.custody(CustodyKind.SENTENCED, decided, release, release_type, disposition, case, first)
        if release > self.today or release_type == ReleaseType.DEATH:
            return Outcome(True, decided, None, True)
        if release_type in (ReleaseType.CONDITIONAL, ReleaseType.PAROLE):
            kind = SupervisionKind.PAROLE if release_type == ReleaseType.PAROLE else SupervisionKind.LICENCE
            self.supervise(kind, release, end_of_term, disposition, limit)
        return Outcome(True, decided, release, True)


def build(draft: Draft, j: Jurisdiction, today: int) -> History:
    """Generate one person's record (see the module docstring for the time-line rules)."""
    b = _Builder(draft, j, today)
    s, h = b.s, b.h
    # The index case: decided between eight years ago and two weeks ago, at age 16.8 or over.
    earliest = max(draft.dob + int(16.8 * YEAR), today - 8 * 365)
    decided_idx = earliest + int(s.u() * (today - 14 - earliest))
    offence_idx = decided_idx - 30 - int(s.lognormal(60, 0.5))
    age_idx = draft.age_on(offence_idx)
    draft.domains = outcomes.draw_domains(draft, age=age_idx)

    # Priors: onset earlier and more cases for a higher propensity.
    age_first = min(age_idx, 12.0 + s.lognormal(6.0, 0.6) * pow(2.718281828, -0.3 * draft.z))
    rate = 0.35 * pow(2.718281828, 0.5 * draft.z)
    n_prior = _poisson(s, rate * max(0.0, age_idx - age_first))
    first_on = draft.dob + int(age_first * YEAR)
    window_end = offence_idx - 30
    n_prior = min(n_prior, 12, max(0, (window_end - first_on) // 90))
    if n_prior == 0:
        age_first = age_idx
    else:
        cuts = sorted(first_on + 1 + int(s.u() * (window_end - first_on - 1)) for _ in range(n_prior - 1))
        starts = [first_on, *cuts]
        ends = [*cuts, window_end]
        for a, e in zip(starts, ends):
            if e - a < 45:
                continue
            out = b.court_case(offence_on=a, section=b.section(), limit=e, kind="prior", remand_ok=False)
            h.prior_cases += 1
            h.prior_sanctions += 1 if out.proven else 0
    h.age_first = int(age_first)

    section = b.section()
    h.index_section = section
    out = b.court_case(offence_on=offence_idx, section=section, limit=today + 1, kind="index", remand_ok=True,
                       decided_on=decided_idx)
    if out.custodial:
        h.index_kind = DispositionKind.CUSTODIAL
    start = out.free_from
    age_at = draft.age_on(start if start is not None else today)
    logit = outcomes.risk_logit(age_at_start=age_at, prior_sanctions=h.prior_sanctions, age_first=age_first,
                                female=draft.female, domains=draft.domains)
    h.risk_logit, h.risk_probability = logit, outcomes.logistic(logit)
    h.followup_start = _d(start) if start is not None else None

    # New offences: each comes a Weibull time after the last return to liberty. Most end in a
    # conviction or caution (a proven reoffence); some in acquittal or diversion; the latest may
    # still be pending at "today".
    charged = 0
    while start is not None and charged < MAX_REOFFENCES:
        gap = max(1, int(outcomes.days_to_reoffence(s.u(), h.risk_probability)))
        offence_on = start + gap
        if offence_on + 40 > today:
            break
        out = b.court_case(offence_on=offence_on, section=b.section(), limit=today + 1, kind="re", remand_ok=True)
        charged += 1
        h.reoffences += 1 if out.proven else 0
        start = out.free_from
    # Now and then an arrest that comes to nothing (not a proven reoffence).
    if h.followup_start is not None and s.chance(0.05):
        follow = h.followup_start.toordinal()
        on = follow + 1 + int(s.u() * max(1, today - follow - 60))
        if on + 60 <= today and not _in_custody(h.custody, on):
            _dismissed_arrest(b, on)
    return h


def _in_custody(episodes: list[CustodyEpisode], on: int) -> bool:
    day = _d(on)
    return any(e.admitted_on <= day and (e.released_on is None or day < e.released_on) for e in episodes)


def _dismissed_arrest(b: _Builder, on: int) -> None:
    b.case_no += 1
    decided = on + b.s.int_between(1, 59)
    case = _case(
        reference=f"{b.court.code.removeprefix('xr-court-').upper()}/{_d(on).year}/{b.d.index}-{b.case_no}",
        court=b.court, opened_on=_d(on), closed_on=_d(decided), status=CaseStatus.CLOSED,
    )
    b.h.cases.append(case)
    charge = b.charge(case, b.section(), on)
    charge.outcome, charge.outcome_date = ChargeOutcome.DISMISSED, _d(decided)


def _poisson(s: Stream, mean: float) -> int:
    """A Poisson draw from the stream (Knuth for small means, a rounded normal for large)."""
    if mean > 30:
        return max(0, int(round(mean + (mean ** 0.5) * s.normal())))
    limit, count, product = pow(2.718281828, -mean), 0, s.u()
    while product > limit:
        count += 1
        product *= s.u()
    return count
