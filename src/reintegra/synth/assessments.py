"""Completed assessments for synthetic people, answered from their latent domain levels.

Who is assessed, when (all on dates of their own record, never after "today"):

* **Needs** (``reintegra-needs``) at the start of the episode that starts the index follow-up:
  on release from the index custody (occasion *release*), or at the start of the index community
  order (probation, suspended sentence, community service; occasion *admission*). People given a
  custodial index sentence are also assessed on admission, and people still in custody only then.
* **An earlier needs assessment** for 35% of those with an earlier custodial or community sentence,
  on the day of the latest one: a reassessment history, so the person's chart has a series.
  Levels then differ a little from the latent ones (each domain one level higher with probability
  0.30, one lower with 0.15, clipped to 0..3), as they do on admission to custody: people change.
* **Screener** (``reintegra-screener``, occasion *pre_sentence*) for people whose index case had a
  pre-sentence stage on record: remand in custody or pretrial supervision.
* **OGRS3** beside the index needs assessment for a random quarter of those people (a static
  calculator adds nothing per person that the record does not hold, and each row costs the
  national-scale run time; a quarter still gives 25,000 scores per 100,000 people to validate), from the recorded history (sex, age at the first
  sanction, sanctions including the current one, age at the current conviction and at the
  assessment, offence group mapped from the index offence) when the calculator is registered.
  Only for people recorded as male or female (OGRS3's tables cover only these).

Answers come from ``synth.answers`` (generic over the definition): the seven dynamic domains
follow the ``SyntheticProfile`` levels; criminal history follows a level from the record at the
assessment date (one point each for a sanction, three or more sanctions, a custodial sentence,
and a first offence under 18; at most 3); a domain the profile does not have (e.g. housing)
follows the mean of the seven. Everything is written through ``assessment_bulk_create`` (scored by
the engine, with history and timeline events).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from reintegra.assessments.choices import Occasion
from reintegra.assessments.instruments import Instrument, calculator_names, instrument_get
from reintegra.assessments.services import AssessmentInput, assessment_bulk_create
from reintegra.justice.choices import ChargeOutcome, CustodyKind, DispositionKind, SupervisionKind
from reintegra.synth.answers import answer_model
from reintegra.synth.models import DOMAIN_FIELDS

NEEDS = "reintegra-needs"
SCREENER = "reintegra-screener"
OGRS3 = "ogrs3"
EARLIER_SHARE = 0.35
OGRS3_SHARE = 0.25
DRIFT = ((-1, 0, 1), (0.15, 0.55, 0.30))
COMMUNITY = {DispositionKind.PROBATION.value, DispositionKind.SUSPENDED.value, DispositionKind.COMMUNITY_SERVICE.value}
PROVEN = {ChargeOutcome.CONVICTED.value, ChargeOutcome.CAUTIONED.value}
PROFILE_DOMAINS = tuple(name.removesuffix("_level") for name in DOMAIN_FIELDS)
YEAR = 365.25
SEED_TAG = 4  # keeps the assessments' random numbers apart from the batch's other streams

# OGRS3 offence groups: by national offence code where the synthetic code says more, else by ICCS section.
OGRS3_BY_CODE = {
    "XR-0501": "burglary_other", "XR-0502": "theft_non_motor", "XR-0503": "vehicle_taking",
    "XR-0504": "criminal_damage", "XR-0505": "handling", "XR-0601": "drug_possession_supply",
    "XR-0602": "drug_import_production", "XR-0803": "absconding_bail", "XR-0902": "drink_driving",
    "XR-0901": "public_order",
}
OGRS3_BY_SECTION = {
    "01": "violence", "02": "violence", "03": "sexual_not_child", "04": "robbery", "05": "theft_non_motor",
    "06": "drug_possession_supply", "07": "fraud_forgery", "08": "public_order", "09": "public_order",
    "10": "other", "11": "other",
}


@dataclass
class _Row:
    """One assessment to write, before its answers are drawn."""

    person: int                   # position in the batch
    instrument: str
    on: int                       # date ordinal
    occasion: str
    organisation_id: int | None = None
    assessor_id: int | None = None
    drift: bool = False
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Record:
    """What the assessments need from one person's generated record."""

    proven: list[int]             # dates of sanctions (cases with a conviction or caution), sorted
    custodial: list[int]          # dates of custodial sentences
    age_first_offence: float


def _ordinal(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _record(h: Any) -> _Record:
    proven_by_case: dict[int, int] = {}
    for charge in h.charges:
        if charge.outcome in PROVEN and charge.outcome_date is not None:
            key = id(charge.case)
            day = charge.outcome_date.toordinal()
            proven_by_case[key] = min(day, proven_by_case.get(key, day))
    custodial = sorted(d.decided_on.toordinal() for d in h.dispositions if d.kind == DispositionKind.CUSTODIAL)
    return _Record(sorted(proven_by_case.values()), custodial, float(h.age_first))


def criminal_history_level(record: _Record, on: int) -> int:
    """0..3 from the record before ``on``: a sanction, three or more, a custodial sentence, onset under 18."""
    sanctions = sum(1 for day in record.proven if day < on)
    custodial = any(day < on for day in record.custodial)
    return min(3, int(sanctions >= 1) + int(sanctions >= 3) + int(custodial) + int(record.age_first_offence < 18))


def _age(dob: int, on: int) -> int:
    born, day = dt.date.fromordinal(dob), dt.date.fromordinal(on)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _ogrs3_facts(draft: Any, h: Any, record: _Record, index_case: Any, decided: int, on: int) -> dict[str, Any] | None:
    sex = {"M": "male", "F": "female"}.get(draft.sex)
    if sex is None:
        return None
    prior = [day for day in record.proven if day < decided]
    first = min([*prior, decided])
    charges = [c for c in h.charges if c.case is index_case]
    offence = charges[0].offence if charges else None
    code = getattr(offence, "code", "")
    group = OGRS3_BY_CODE.get(code) or OGRS3_BY_SECTION.get(h.index_section, "other")
    age_first, age_conviction, age_on = _age(draft.dob, first), _age(draft.dob, decided), _age(draft.dob, on)
    if age_first < 10 or age_on > 100:
        return None
    return {"sex": sex, "sanctions_total": min(500, len(prior) + 1), "age_first_sanction": age_first,
            "age_conviction": age_conviction, "age_followup": age_on, "offence_group": group}


def _plan_person(p: int, draft: Any, h: Any, record: _Record, today: int, u: float,
                 ogrs3: bool) -> list[_Row]:
    """The assessments of one person (see the module docstring)."""
    rows: list[_Row] = []
    if h.prior_cases >= len(h.cases):
        return rows
    case = h.cases[h.prior_cases]           # the index case follows the prior cases
    disposition = next((d for d in h.dispositions if d.case is case and d.kind == h.index_kind), None)
    if disposition is None:
        return rows
    decided = disposition.decided_on.toordinal()
    opened = case.opened_on.toordinal()

    remand = any(e.case is case and e.kind == CustodyKind.REMAND for e in h.custody)
    pretrial = next((s for s in h.supervision if s.kind == SupervisionKind.PRETRIAL
                     and s.starts_on.toordinal() == opened), None)
    if remand or pretrial is not None:
        on = opened + int(u * max(0, decided - opened) * 0.5)
        rows.append(_Row(p, SCREENER, min(on, today), Occasion.PRE_SENTENCE,
                         organisation_id=pretrial.office.pk if pretrial is not None else None,
                         assessor_id=pretrial.officer.pk if pretrial is not None and pretrial.officer else None))

    index: _Row | None = None
    if h.index_kind == DispositionKind.CUSTODIAL:
        stays = [e for e in h.custody if e.disposition is disposition and e.kind == CustodyKind.SENTENCED]
        if not stays:
            return rows
        first = min(stays, key=lambda e: e.admitted_on)
        admitted = first.admitted_on.toordinal()
        admission = _Row(p, NEEDS, min(today, admitted + 7), Occasion.ADMISSION, first.facility.pk)
        follow = _ordinal(h.followup_start)
        if follow is not None and follow > admission.on:
            last = max(stays, key=lambda e: e.admitted_on)
            admission.drift = True
            rows.append(admission)
            index = _Row(p, NEEDS, follow, Occasion.RELEASE, last.facility.pk)
        else:
            index = admission
    elif h.index_kind in COMMUNITY:
        period = next((s for s in h.supervision if s.disposition is disposition), None)
        index = _Row(p, NEEDS, min(today, decided + 10), Occasion.ADMISSION,
                     period.office.pk if period is not None else None,
                     period.officer.pk if period is not None and period.officer else None)
    if index is None:
        return rows
    rows.append(index)
    if ogrs3:
        facts = _ogrs3_facts(draft, h, record, case, decided, index.on)
        if facts is not None:
            rows.append(_Row(p, OGRS3, index.on, index.occasion, index.organisation_id, index.assessor_id, facts=facts))
    return rows


def _earlier(p: int, h: Any, today: int) -> _Row | None:
    """A needs assessment at the latest earlier custodial or community sentence, if any."""
    prior_cases = {id(c) for c in h.cases[:h.prior_cases]}
    earlier = [d for d in h.dispositions if id(d.case) in prior_cases
               and (d.kind == DispositionKind.CUSTODIAL or d.kind in COMMUNITY)]
    if not earlier:
        return None
    disposition = max(earlier, key=lambda d: d.decided_on)
    stay = next((e for e in h.custody if e.disposition is disposition), None)
    period = next((s for s in h.supervision if s.disposition is disposition), None)
    organisation = stay.facility.pk if stay is not None else (period.office.pk if period is not None else None)
    officer = period.officer.pk if period is not None and period.officer else None
    return _Row(p, NEEDS, min(today, disposition.decided_on.toordinal() + 7), Occasion.ADMISSION, organisation,
                officer, drift=True)


def _levels(instrument: Instrument, profile: np.ndarray, history_level: np.ndarray) -> np.ndarray:
    """Latent levels in the instrument's domain order (profile domains, criminal history, else the mean)."""
    mean = np.rint(profile.mean(axis=1))
    columns = []
    for code in (d.code for d in instrument.domains):
        if code in PROFILE_DOMAINS:
            columns.append(profile[:, PROFILE_DOMAINS.index(code)])
        elif code == "criminal_history":
            columns.append(history_level)
        else:
            columns.append(mean)
    return np.stack(columns, axis=1) if columns else np.zeros((len(profile), 0))


def _available() -> dict[str, Instrument]:
    found = {}
    names = set(calculator_names())
    for code in (NEEDS, SCREENER, OGRS3):
        try:
            instrument = instrument_get(code)
        except KeyError:
            continue
        if code == OGRS3 and not {s.calculator for s in instrument.scales if s.calculator} <= names:
            continue
        found[code] = instrument
    return found


def _completed_at(on: int, minutes: int, now: dt.datetime) -> dt.datetime:
    """Office hours on the assessment day, never after now."""
    moment = timezone.make_aware(dt.datetime.fromordinal(on) + dt.timedelta(hours=9, minutes=minutes))
    return min(moment, now - dt.timedelta(seconds=1))


def assessments_write(*, run: Any, j: Any, drafts: Sequence[Any], persons: Sequence[Any],
                      histories: Sequence[Any], today: int | dt.date | None = None,
                      rng: np.random.Generator | None = None) -> int:
    """Write the batch's completed assessments (see the module docstring); returns how many.

    Call it at the end of a batch, after the justice records are written (it reads the
    organisations and officers of the generated episodes). ``today`` defaults to the run's
    reference date. Deterministic: the random numbers come from a generator seeded by the run's
    seed and the batch's first person index (or ``rng``), so the same run gives the same answers.
    """
    today = run.today if today is None else today
    today = today.toordinal() if isinstance(today, dt.date) else int(today)
    instruments = _available()
    n = len(drafts)
    if n == 0 or (NEEDS not in instruments and SCREENER not in instruments):
        return 0
    own = rng if rng is not None else np.random.default_rng([int(run.seed), int(drafts[0].index), SEED_TAG])
    u_screen, u_earlier, minutes = own.random(n), own.random(n), own.integers(0, 480, size=n)
    u_ogrs3 = own.random(n)
    records = [_record(h) for h in histories]
    planned: list[_Row] = []
    for p, (draft, h) in enumerate(zip(drafts, histories)):
        rows = _plan_person(p, draft, h, records[p], today, float(u_screen[p]),
                            OGRS3 in instruments and u_ogrs3[p] < OGRS3_SHARE)
        if any(r.instrument == NEEDS for r in rows) and u_earlier[p] < EARLIER_SHARE:
            earlier = _earlier(p, h, today)
            if earlier is not None and earlier.on < min(r.on for r in rows if r.instrument == NEEDS):
                rows.insert(0, earlier)
        planned.extend(r for r in rows if r.instrument in instruments)
    if not planned:
        return 0

    profile = np.array([d.domains for d in drafts], dtype=float).reshape(n, len(PROFILE_DOMAINS))
    drift = own.choice(DRIFT[0], p=DRIFT[1], size=(len(planned), len(PROFILE_DOMAINS)))
    answers: list[dict[str, Any] | None] = [None] * len(planned)
    for code, instrument in instruments.items():
        chosen = [i for i, r in enumerate(planned) if r.instrument == code]
        if not chosen:
            continue
        if code == OGRS3:
            for i in chosen:
                answers[i] = planned[i].facts
            continue
        rows = [planned[i] for i in chosen]
        levels = profile[[r.person for r in rows]]
        moved = np.array([r.drift for r in rows])
        levels = np.where(moved[:, None], np.clip(levels + drift[chosen], 0, 3), levels)
        history = np.array([criminal_history_level(records[r.person], r.on) for r in rows], dtype=float)
        children = ["yes" if drafts[r.person].dependent_children > 0 else "no" for r in rows]
        drawn = answer_model(instrument).draw(_levels(instrument, levels, history), own, facts={"fam_children": children})
        for i, a in zip(chosen, drawn):
            answers[i] = a

    now = timezone.now()
    inputs = []
    for row, a in zip(planned, answers):
        person = persons[row.person]
        at = _completed_at(row.on, int(minutes[row.person]), now)
        inputs.append(AssessmentInput(
            person_id=person.pk, instrument_code=row.instrument, answers=a or {}, completed_at=at,
            occasion=row.occasion, version=instruments[row.instrument].version, assessor_id=row.assessor_id,
            organisation_id=row.organisation_id, started_at=at - dt.timedelta(minutes=40),
        ))
    # The generator's system account holds no assessment right; the bulk service takes None for synthetic data.
    return assessment_bulk_create(actor=None, rows=inputs)
