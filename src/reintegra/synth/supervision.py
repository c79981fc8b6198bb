"""Community supervision of the synthetic people: levels, conditions, contacts, appointments,
compliance and positive events with their responses, and recall decisions.

Who: every supervision period open at the reference date or ended in the ``RECENT_DAYS`` before it.

- **Level** (``LevelDecision``): derived from the band of the person's latest needs assessment
  completed before the period's last day (``supervision.standards.level_for_band``: low -> low,
  moderate -> medium, high -> high, very high -> intensive by default; no assessment: medium, with
  no derived level). A few are
  overridden one step with the officer's reason (``OVERRIDE_SHARE``); some long periods keep an
  earlier, superseded decision (a higher level at the start, lowered at a review).
- **Conditions**: the standard conditions of every order from the period's start, plus additional
  ones following the person's needs and offence (drug testing, treatment, non-association,
  curfew for a few months, no contact with the victim, an exclusion zone).
- **Contacts** (``SupervisionContact``) at the level's contact standard
  (``supervision.standards.standard_for``: intensive and high every 7 days, medium 14, low 30) over the last ``CONTACT_DAYS`` of the period (and its
  first day when that lies inside), never after the reference date; type by level; attended
  mostly, missed or excused more often at higher levels; a short case note in the jurisdiction's
  language (Spanish), with no names or numbers. The last contact of an open period lies a random
  part of an interval before the reference date, so some people are due soon, and
  ``OVERDUE_SHARE`` (``LONG_OVERDUE_SHARE``) of them have not been seen for longer than the
  standard (by more than two weeks).
- **Appointments**: most open periods have the next appointment booked, on the due date or in the
  next days when overdue.
- **Events and responses**: some missed contacts become a missed-appointment event; positive drug
  tests, condition breaches; a new arrest on the day a period was revoked; positive events (a
  programme completed in the period, a job, housing, a negative drug test, sustained compliance).
  Each has the officer's response: ``proposed`` and its reasons are what the graduated-response
  matrix gives (``supervision.responses.propose``, with the period's earlier events in its window),
  ``chosen`` is the same for most, the next rung up or down with a reason otherwise.
- **Recall decisions**: every recently revoked period (recalled or revoked, with its
  justification, decided by a supervisor of the region, weighing the arrest) and a few open
  periods with repeated non-compliance (supervision continues).

Written in bulk (``core.bulkinsert``, on the pipelined writer) with one audit entry per table and
batch (the services write one per row), as the other follow-ups; these models keep no version
history; the timeline events the services record (``TIMELINE``: level set, condition added, event
recorded, response, recall decision; contacts and appointments have none) are written for each
kind that is registered.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import insert_tuples, reserve_ids
from reintegra.justice.choices import SupervisionEnd, SupervisionKind
from reintegra.people import timeline
from reintegra.people.models import TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS
from reintegra.supervision.choices import (
    AppointmentStatus, Attendance, ConditionKind, ContactType, EventKind, RecallKind, RecallOutcome, ResponseKind,
    Severity, SupervisionLevel,
)
from reintegra.supervision.models import (
    Appointment, ComplianceEvent, Condition, EventResponse, LevelDecision, RecallDecision, SupervisionContact,
)
from reintegra.supervision.responses import INCENTIVES, LADDER, History, propose, window_days
from reintegra.supervision.standards import level_for_band, standard_for
from reintegra.synth.needs import LatestNeeds
from reintegra.synth.plans import _aware

SEED_TAG = 9
SOURCE_APP = "supervision"
RECENT_DAYS = 180          # closed periods ended this recently still get their records
CONTACT_DAYS = 120         # contacts over the last four months of a period
OVERRIDE_SHARE = 0.06
EARLIER_LEVEL_SHARE = 0.3  # of periods over six months with an assessed band: an earlier, higher level
OVERDUE_SHARE = 0.18
LONG_OVERDUE_SHARE = 0.08
APPOINTMENT_SHARE = 0.8
MISSED_EVENT_SHARE = 0.5   # missed contacts recorded as a compliance event
RECALL_REVIEW_SHARE = 0.3  # open periods with repeated non-compliance that get a (continue) decision

LEVELS = (SupervisionLevel.LOW, SupervisionLevel.MEDIUM, SupervisionLevel.HIGH, SupervisionLevel.INTENSIVE)
MISSED = {SupervisionLevel.LOW: 0.04, SupervisionLevel.MEDIUM: 0.06, SupervisionLevel.HIGH: 0.09,
          SupervisionLevel.INTENSIVE: 0.11}
EXCUSED = 0.05
CONTACT_TYPES = {  # level -> ((type, weight), ...)
    SupervisionLevel.INTENSIVE: ((ContactType.OFFICE, 0.55), (ContactType.HOME_VISIT, 0.25), (ContactType.PHONE, 0.15),
                                 (ContactType.VIDEO, 0.05)),
    SupervisionLevel.HIGH: ((ContactType.OFFICE, 0.6), (ContactType.HOME_VISIT, 0.18), (ContactType.PHONE, 0.17),
                            (ContactType.VIDEO, 0.05)),
    SupervisionLevel.MEDIUM: ((ContactType.OFFICE, 0.55), (ContactType.HOME_VISIT, 0.1), (ContactType.PHONE, 0.25),
                              (ContactType.VIDEO, 0.1)),
    SupervisionLevel.LOW: ((ContactType.OFFICE, 0.4), (ContactType.HOME_VISIT, 0.05), (ContactType.PHONE, 0.4),
                           (ContactType.VIDEO, 0.15)),
}
OVERRIDE_REASONS = {
    "up": ("Incumplimientos recientes en una orden anterior; se refuerza la supervisión los primeros meses.",
           "Situación de vivienda inestable y consumo reciente: más contacto hasta que se estabilice.",
           "Preocupación por la víctima en el mismo barrio; se prefiere un nivel más alto."),
    "down": ("Empleo estable y apoyo familiar sólido; el nivel derivado sobrestima la necesidad de contacto.",
             "Ha cumplido una orden anterior sin incidencias y participa en el programa.",
             "Cuida de un familiar dependiente; el contacto frecuente pondría en riesgo el empleo."),
}
EARLIER_REASON = "Nivel inicial más alto hasta la primera revisión."

STANDARD_CONDITIONS = (
    ("good_behaviour", "Mantener buena conducta y no cometer ningún delito."),
    ("keep_in_touch", "Mantener el contacto con el oficial responsable según sus instrucciones."),
    ("receive_visits", "Recibir las visitas del oficial responsable en el domicilio."),
    ("approved_address", "Residir en el domicilio aprobado y comunicar cualquier cambio con antelación."),
    ("no_travel", "No salir del país sin autorización previa."),
)
# need -> (code, wording, months in force or 0 for the whole period)
ADDITIONAL_CONDITIONS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "substance": (("drug_testing", "Someterse a controles de consumo cuando se le indique.", 0),
                  ("treatment", "Asistir al tratamiento de adicciones acordado.", 6)),
    "associates": (("non_association", "No relacionarse con las personas indicadas por el oficial.", 0),),
    "attitudes": (("programme", "Completar el programa de intervención que se le asigne.", 0),),
    "school_work": (("employment", "Buscar empleo activamente e informar de los avances.", 0),),
    "leisure": (("curfew", "Permanecer en el domicilio de 22:00 a 6:00.", 3),),
}
VIOLENT_CONDITIONS = (("no_contact_victim", "No contactar con la víctima por ningún medio.", 0),
                      ("exclusion_zone", "No entrar en la zona de exclusión indicada en el auto.", 0))
VIOLENT_SECTIONS = {"01", "02", "03"}

NOTES = {
    (ContactType.OFFICE, Attendance.ATTENDED): (
        "Acude puntual. Revisamos el plan; sigue buscando empleo.",
        "Se presenta a la cita. Sin incidencias; refiere buena relación con la familia.",
        "Acude a la oficina. Hablamos de las condiciones y de cómo organiza la semana.",
        "Entrevista en la oficina. Trae justificante de asistencia al curso.",
        "Acude. Comenta dificultades con el alquiler; se le orienta al servicio de vivienda.",
        "Se presenta. Dice que ha vuelto a entrenar con el equipo del barrio; buena actitud.",
    ),
    (ContactType.HOME_VISIT, Attendance.ATTENDED): (
        "Visita domiciliaria. Domicilio adecuado; se confirma que reside allí.",
        "Visita al domicilio. Está en casa con su familia; sin incidencias.",
        "Visita domiciliaria. Habla de sus horarios de trabajo; el ambiente es tranquilo.",
    ),
    (ContactType.PHONE, Attendance.ATTENDED): (
        "Llamada de seguimiento. Confirma la próxima cita y que mantiene el trabajo.",
        "Contacto telefónico. Sin novedades; recuerda la fecha del control.",
        "Llamada acordada. Cuenta que asiste al grupo de apoyo cada semana.",
    ),
    (ContactType.VIDEO, Attendance.ATTENDED): (
        "Videollamada. Repasamos los objetivos del plan; buena disposición.",
        "Videollamada por turno de trabajo. Sin incidencias.",
    ),
    (None, Attendance.MISSED): (
        "No se presenta a la cita ni avisa. Se le envía carta de aviso.",
        "No acude. No contesta al teléfono; se reprograma la cita.",
        "No está en el domicilio a la hora acordada. Se deja aviso para una nueva cita.",
    ),
    (None, Attendance.EXCUSED): (
        "Avisa de que no puede acudir por enfermedad; presenta justificante.",
        "No acude por un turno de trabajo; avisó con antelación. Se reprograma.",
        "Cita aplazada por una cita médica; lo comunicó el día anterior.",
    ),
}
EVENT_NOTES = {
    EventKind.MISSED_APPOINTMENT: "No se presentó a la cita sin causa justificada.",
    EventKind.POSITIVE_DRUG_TEST: "Control de consumo positivo; lo reconoce en la entrevista.",
    EventKind.CONDITION_BREACH: "Incumple una condición adicional de la orden.",
    EventKind.NEW_ARREST: "Detenido por un nuevo delito; consta la apertura de causa.",
    EventKind.JOB_FOUND: "Ha conseguido un contrato de trabajo; aporta copia.",
    EventKind.PROGRAMME_COMPLETED: "Ha completado el programa.",
    EventKind.NEGATIVE_DRUG_TEST: "Control de consumo negativo.",
    EventKind.HOUSING_SECURED: "Ha conseguido una vivienda estable; contrato de alquiler aportado.",
    EventKind.SUSTAINED_COMPLIANCE: "Tres meses cumpliendo todas las condiciones y citas.",
}
DIFFERENT_RESPONSE_REASON = {
    True: "Se prefiere una respuesta más firme por los antecedentes recientes en este periodo.",
    False: "Primera vez en el periodo y con causa comprensible; basta una respuesta menor.",
}
SAME_RESPONSE_REASON = "Respuesta proporcionada al hecho y al nivel de supervisión."
RECALL_JUSTIFICATION = {
    RecallOutcome.RECALLED: (
        "Nueva detención durante la supervisión, con incumplimientos previos en el periodo; el riesgo ya no "
        "se puede gestionar en la comunidad."
    ),
    RecallOutcome.CONTINUED: (
        "Incumplimientos repetidos, pero sin nuevo delito y con disposición a cambiar: se mantiene la "
        "supervisión con más contacto y derivación a tratamiento."
    ),
}
# What the supervision services record on the person's timeline (written when the kind is registered).
TIMELINE = {"level": "supervision.level_set", "condition": "supervision.condition_added",
            "event": "supervision.event_recorded", "response": "supervision.event_response",
            "recall": "supervision.recall_decided"}

NEGATIVE = (EventKind.MISSED_APPOINTMENT, EventKind.POSITIVE_DRUG_TEST, EventKind.CONDITION_BREACH,
            EventKind.NEW_ARREST)


def _neighbour(response: str, firmer: bool) -> str:
    """The next response up (``firmer``) or down the matrix's ladder (or its list of incentives)."""
    scale = LADDER if response in LADDER else INCENTIVES
    i = scale.index(response) + (1 if firmer else -1)
    return scale[max(0, min(len(scale) - 1, i))]


@dataclass
class _Event:
    kind: str
    day: int
    severity: str = ""
    condition: int | None = None       # index into the period's conditions
    proposed: str = ""
    reasons: list[dict[str, Any]] = field(default_factory=list)
    chosen: str = ""
    reason: str = ""
    decided: int = 0
    pk: int = 0


@dataclass
class _Period:
    period: Any
    officer_id: int
    level: str
    levels: list[tuple[Any, ...]]                    # (level, derived, band, assessment id, reason, from, current)
    conditions: list[tuple[str, str, str, int, int | None]] = field(default_factory=list)  # kind, code, text, from, to
    contacts: list[tuple[str, int, str, str]] = field(default_factory=list)               # type, day, attendance, note
    appointments: list[tuple[dt.datetime, str]] = field(default_factory=list)
    events: list[_Event] = field(default_factory=list)
    recall: tuple[str, str, int, int, list[int]] | None = None  # kind, outcome, day, by, event indexes


def rng_for(seed: int, first_index: int) -> random.Random:
    """The batch's generator: Python's, seeded from NumPy by the run's seed and the batch's first person."""
    seeder = np.random.default_rng([int(seed), int(first_index), SEED_TAG])
    return random.Random(int(seeder.integers(2**62)))


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[int(rng.random() * len(items))]


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    r = rng.random()
    for value, weight in pairs:
        r -= weight
        if r < 0:
            return value
    return pairs[-1][0]


def supervision_draw(*, drafts: Sequence[Any], persons: Sequence[Any], histories: Sequence[Any],
                     latest: dict[int, LatestNeeds], completed: dict[int, list[int]], supervisors: dict[str, list[Any]],
                     today: int, rng: random.Random) -> list[_Period]:
    """The batch's supervision records (no database). ``completed``: person id -> days on which they
    completed a programme; ``supervisors``: region -> supervisors (who decide recalls)."""
    drawn: list[_Period] = []
    horizon = today - RECENT_DAYS
    rules = _Rules(intervals={level: standard_for(level).every_days for level in LEVELS}, window=window_days())
    for person, h in zip(persons, histories):
        for period in h.supervision:
            end = period.ended_on.toordinal() if period.ended_on is not None else None
            start = period.starts_on.toordinal()
            if start > today or (end is not None and end < horizon) or period.officer_id is None:
                continue
            drawn.append(_one(rng, rules, period, h, latest.get(person.pk), completed.get(person.pk, ()),
                              supervisors, start, end, today))
    return drawn


@dataclass(frozen=True)
class _Rules:
    """The settings a batch draws with, read once: days between contacts per level, and the
    graduated-response matrix's window."""

    intervals: dict[str, int]
    window: int


def _one(rng: random.Random, rules: _Rules, period: Any, h: Any, needs: LatestNeeds | None, completed: Sequence[int],
         supervisors: dict[str, list[Any]], start: int, end: int | None, today: int) -> _Period:
    last = end if end is not None else today
    if needs is not None and needs.on > last:
        needs = None
    band = needs.band if needs is not None else ""
    derived = level_for_band(band)
    level = derived or SupervisionLevel.MEDIUM
    reason = ""
    if derived and rng.random() < OVERRIDE_SHARE:
        i = LEVELS.index(derived)
        up = i == 0 or (i < len(LEVELS) - 1 and rng.random() < 0.5)
        level, reason = LEVELS[i + 1 if up else i - 1], _pick(rng, OVERRIDE_REASONS["up" if up else "down"])
    effective = min(last, max(start, needs.on)) if needs is not None else start
    aid = needs.assessment_id if needs is not None else None
    levels = []
    if derived and not reason and level != SupervisionLevel.INTENSIVE and last - start > 180 \
            and rng.random() < EARLIER_LEVEL_SHARE:
        earlier = LEVELS[LEVELS.index(level) + 1]
        levels.append((earlier, derived, band, aid, EARLIER_REASON, effective, False))
        effective = min(last, effective + 90 + int(rng.random() * 60))
    levels.append((level, derived, band, aid, reason if level != derived else "", effective, True))
    d = _Period(period=period, officer_id=period.officer_id, level=level, levels=levels)
    needs_codes = needs.needs[:3] if needs is not None else ()
    _conditions(rng, d, h, needs_codes, start, end)
    _contacts(rng, d, rules.intervals[level], start, end, today)
    _events(rng, d, rules.window, needs_codes, completed, start, end, today)
    _recall(rng, d, supervisors, end, today)
    return d


def _conditions(rng: random.Random, d: _Period, h: Any, needs: Sequence[str], start: int, end: int | None) -> None:
    kind = d.period.kind
    for code, text in STANDARD_CONDITIONS:
        if code == "receive_visits" and kind == SupervisionKind.PRETRIAL:
            continue
        d.conditions.append((ConditionKind.STANDARD, code, text, start, None))
    extra: list[tuple[str, str, int]] = []
    for need in needs[:2]:
        options = ADDITIONAL_CONDITIONS.get(need)
        if options and rng.random() < 0.6:
            extra.append(_pick(rng, options))
    if h.index_section in VIOLENT_SECTIONS and rng.random() < 0.5:
        extra.append(_pick(rng, VIOLENT_CONDITIONS))
    seen = set()
    for code, text, months in extra:
        if code in seen:
            continue
        seen.add(code)
        until = start + months * 30 if months else None
        if until is not None and end is not None and until > end:
            until = end
        d.conditions.append((ConditionKind.ADDITIONAL, code, text, start, until))


def _contacts(rng: random.Random, d: _Period, interval: int, start: int, end: int | None, today: int) -> None:
    jitter = 1 if interval == 7 else 3
    if end is None:
        r = rng.random()
        if r < LONG_OVERDUE_SHARE:
            gap = interval + 15 + int(rng.random() * 45)
        elif r < OVERDUE_SHARE:
            gap = interval + 1 + int(rng.random() * 14)
        else:
            gap = int(rng.random() * interval)
        last = today - gap
    else:
        last = end - int(rng.random() * min(interval, 10))
    first = max(start, (end if end is not None else today) - CONTACT_DAYS)
    days = []
    day = last
    while day > first:
        days.append(day)
        day -= interval + int(rng.random() * (2 * jitter + 1)) - jitter
    if start >= first and start <= today:
        days.append(start)  # the induction on the first day
    types = CONTACT_TYPES[d.level]
    missed = MISSED[d.level]
    for i, day in enumerate(reversed(days)):
        induction = i == 0 and day == start
        # The induction, and the latest contact (which counts at every level: in person), at the office.
        kind = ContactType.OFFICE if induction or day == last else _weighted(rng, types)
        r = rng.random()
        # The induction and the latest contact are attended: the gap above says when they were last seen.
        if induction or day == last:
            r = 1.0
        if r < missed:
            attendance, notes = Attendance.MISSED, NOTES[(None, Attendance.MISSED)]
        elif r < missed + EXCUSED:
            attendance, notes = Attendance.EXCUSED, NOTES[(None, Attendance.EXCUSED)]
        else:
            attendance, notes = Attendance.ATTENDED, NOTES[(kind, Attendance.ATTENDED)]
        d.contacts.append((kind, day, attendance, _pick(rng, notes)))
    if end is None and rng.random() < APPOINTMENT_SHARE:
        due = max(last + interval, today + 1 + int(rng.random() * 5))
        hour = 9 + int(rng.random() * 8)
        kind = ContactType.OFFICE if rng.random() < 0.75 else _weighted(rng, CONTACT_TYPES[d.level])
        d.appointments.append((_moment(due, hour), kind))


def _moment(day: int, hour: int) -> dt.datetime:
    return _aware(day, hour, timezone.get_current_timezone())


def _events(rng: random.Random, d: _Period, window_of: int, needs: Sequence[str], completed: Sequence[int], start: int,
            end: int | None, today: int) -> None:
    last = end if end is not None else today
    window = max(start, last - CONTACT_DAYS)
    missed_so_far = 0
    for _kind, day, attendance, _note in d.contacts:
        if attendance == Attendance.MISSED and rng.random() < MISSED_EVENT_SHARE:
            missed_so_far += 1
            d.events.append(_Event(EventKind.MISSED_APPOINTMENT, day,
                                   Severity.MINOR if missed_so_far == 1 else Severity.MODERATE))
    codes = [c[1] for c in d.conditions]
    span = max(1, last - window)
    if "drug_testing" in codes or "substance" in needs:
        if rng.random() < 0.15:
            d.events.append(_Event(EventKind.POSITIVE_DRUG_TEST, window + int(rng.random() * span), Severity.MODERATE,
                                   condition=codes.index("drug_testing") if "drug_testing" in codes else None))
        elif rng.random() < 0.35:
            d.events.append(_Event(EventKind.NEGATIVE_DRUG_TEST, window + int(rng.random() * span)))
    additional = [i for i, c in enumerate(d.conditions) if c[0] == ConditionKind.ADDITIONAL]
    if additional and rng.random() < 0.06:
        d.events.append(_Event(EventKind.CONDITION_BREACH, window + int(rng.random() * span), Severity.MODERATE,
                               condition=_pick(rng, additional)))
    if end is not None and d.period.end_reason == SupervisionEnd.REVOKED:
        d.events.append(_Event(EventKind.NEW_ARREST, end, Severity.SERIOUS))
    for day in completed:
        if window <= day <= last:
            d.events.append(_Event(EventKind.PROGRAMME_COMPLETED, day))
            break
    if "school_work" in needs and rng.random() < 0.12:
        d.events.append(_Event(EventKind.JOB_FOUND, window + int(rng.random() * span)))
    if rng.random() < 0.05:
        d.events.append(_Event(EventKind.HOUSING_SECURED, window + int(rng.random() * span)))
    if not any(e.kind in NEGATIVE for e in d.events) and last - start > 90 and rng.random() < 0.2:
        d.events.append(_Event(EventKind.SUSTAINED_COMPLIANCE, last - int(rng.random() * 14)))
    d.events.sort(key=lambda e: e.day)
    negatives = 0
    for i, e in enumerate(d.events):
        earlier = [x for x in d.events[:i] if x.kind in NEGATIVE and e.day - x.day <= window_of]
        since = max([start] + [x.day for x in d.events[:i] if x.kind in NEGATIVE])
        proposal = propose(kind=e.kind, severity=e.severity, level=d.level, history=History(
            serious=sum(x.severity == Severity.SERIOUS for x in earlier),
            moderate=sum(x.severity == Severity.MODERATE for x in earlier),
            minor=sum(x.severity == Severity.MINOR for x in earlier), compliant_days=e.day - since))
        e.proposed, e.reasons = proposal.response, proposal.reasons_json()
        e.decided = min(today, last if e.kind == EventKind.NEW_ARREST else e.day + int(rng.random() * 4))
        if e.kind in NEGATIVE:
            negatives += 1
        firmer = e.kind in NEGATIVE and negatives > 1
        e.chosen = _neighbour(e.proposed, firmer) if rng.random() < 0.15 and e.kind != EventKind.NEW_ARREST \
            else e.proposed
        e.reason = SAME_RESPONSE_REASON if e.chosen == e.proposed else DIFFERENT_RESPONSE_REASON[firmer]


def _recall(rng: random.Random, d: _Period, supervisors: dict[str, list[Any]], end: int | None, today: int) -> None:
    pool = [u for u in supervisors.get(d.period.office.region, []) if u.pk != d.officer_id]
    if not pool:
        return
    kind = RecallKind.REVOCATION if d.period.kind == SupervisionKind.PROBATION else RecallKind.RECALL
    negatives = [i for i, e in enumerate(d.events) if e.kind in NEGATIVE]
    if end is not None and d.period.end_reason == SupervisionEnd.REVOKED:
        d.recall = (kind, RecallOutcome.RECALLED, end, _pick(rng, pool).pk, negatives)
    elif end is None and len(negatives) >= 2 and rng.random() < RECALL_REVIEW_SHARE:
        day = min(today, d.events[negatives[-1]].day + 3 + int(rng.random() * 10))
        d.recall = (kind, RecallOutcome.CONTINUED, day, _pick(rng, pool).pk, negatives)


AUDITED = (LevelDecision, Condition, SupervisionContact, Appointment, ComplianceEvent, EventResponse, RecallDecision)


def supervision_audit(*, actor: Any, drawn: list[_Period]) -> None:
    """One audit entry per table for the batch (before the bulk inserts, as the other follow-ups)."""
    if not drawn:
        return
    counts = {
        LevelDecision: sum(len(d.levels) for d in drawn), Condition: sum(len(d.conditions) for d in drawn),
        SupervisionContact: sum(len(d.contacts) for d in drawn),
        Appointment: sum(len(d.appointments) for d in drawn),
        ComplianceEvent: sum(len(d.events) for d in drawn), EventResponse: sum(len(d.events) for d in drawn),
        RecallDecision: sum(1 for d in drawn if d.recall is not None),
    }
    for model in AUDITED:
        if counts[model]:
            audit_record(actor=actor, action=AuditAction.CREATE, object_type=model._meta.label_lower,
                         detail={"rows": counts[model], "synthetic": True})


def _registered() -> dict[str, str]:
    return {key: kind for key, kind in TIMELINE.items() if timeline.is_registered(kind)}


def supervision_write(*, actor: Any, drawn: list[_Period]) -> int:
    """Insert the drawn records (after ``supervision_audit``); returns the number of periods."""
    if not drawn:
        return 0
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    day = dt.date.fromordinal
    kinds = _registered()
    events: list[tuple[Any, ...]] = []

    def event(person_id: int, key: str, on: int, params: dict[str, Any], label: str, pk: int) -> None:
        if key in kinds:
            events.append((person_id, day(on), now, kinds[key], params, SOURCE_APP, label, str(pk), actor_id))

    levels, conditions, contacts, appointments, compliance, responses, recalls, weighed = ([] for _ in range(8))
    level_ids = iter(reserve_ids(LevelDecision, sum(len(d.levels) for d in drawn)))
    condition_ids = iter(reserve_ids(Condition, sum(len(d.conditions) for d in drawn)))
    contact_ids = iter(reserve_ids(SupervisionContact, sum(len(d.contacts) for d in drawn)))
    event_ids = iter(reserve_ids(ComplianceEvent, sum(len(d.events) for d in drawn)))
    response_ids = iter(reserve_ids(EventResponse, sum(len(d.events) for d in drawn)))
    recall_ids = iter(reserve_ids(RecallDecision, sum(1 for d in drawn if d.recall is not None)))
    for d in drawn:
        p = d.period
        person_id, period_id, officer = p.person_id, p.pk, d.officer_id
        for level, derived, band, aid, reason, on, current in d.levels:
            pk = next(level_ids)
            levels.append((pk, period_id, person_id, level, derived, band, aid, reason, day(on), officer,
                           None if current else now, now, now))
            event(person_id, "level", on, {"level": level}, "supervision.leveldecision", pk)
        cond_pks = []
        for kind, code, text, start, until in d.conditions:
            pk = next(condition_ids)
            cond_pks.append(pk)
            conditions.append((pk, period_id, person_id, kind, code, text, day(start),
                               day(until) if until is not None else None, officer, now, now, None, None, ""))
            event(person_id, "condition", start, {"kind": kind}, "supervision.condition", pk)
        for kind, on, attendance, note in d.contacts:
            pk = next(contact_ids)
            contacts.append((pk, period_id, person_id, kind, day(on), attendance, note, officer, officer, now, now,
                             None, None, ""))
        for moment, kind in d.appointments:
            appointments.append((person_id, period_id, officer, p.office_id, moment, kind,
                                 AppointmentStatus.SCHEDULED, None, "", officer, now, now))
        for e in d.events:
            e.pk = pk = next(event_ids)
            compliance.append((pk, period_id, person_id, e.kind, e.kind not in NEGATIVE, e.severity, day(e.day),
                               cond_pks[e.condition] if e.condition is not None else None, EVENT_NOTES[e.kind],
                               officer, now, now, None, None, ""))
            event(person_id, "event", e.day, {"kind": e.kind}, "supervision.complianceevent", pk)
            rpk = next(response_ids)
            responses.append((rpk, pk, e.proposed, e.reasons, e.chosen, e.reason, day(e.decided), officer, now, now))
            event(person_id, "response", e.decided, {"chosen": e.chosen}, "supervision.eventresponse", rpk)
        if d.recall is not None:
            kind, outcome, on, by, weighed_events = d.recall
            pk = next(recall_ids)
            recalls.append((pk, period_id, person_id, kind, outcome, RECALL_JUSTIFICATION[outcome], day(on), by,
                            now, now))
            weighed += [(pk, d.events[i].pk) for i in weighed_events]
            event(person_id, "recall", on, {"outcome": outcome}, "supervision.recalldecision", pk)
    stamps = ("created_at", "updated_at")
    void = ("voided_at", "voided_by", "void_reason")
    insert_tuples(LevelDecision, ("id", "period", "person", "level", "derived_level", "band", "assessment",
                                  "override_reason", "effective_on", "decided_by", "superseded_at", *stamps), levels)
    insert_tuples(Condition, ("id", "period", "person", "kind", "code", "text", "starts_on", "ends_on", "created_by",
                              *stamps, *void), conditions)
    insert_tuples(SupervisionContact, ("id", "period", "person", "contact_type", "occurred_on", "attendance", "note",
                                       "held_by", "recorded_by", *stamps, *void), contacts)
    insert_tuples(Appointment, ("person", "period", "officer", "office", "scheduled_for", "contact_type", "status",
                                "contact", "note", "created_by", *stamps), appointments)
    insert_tuples(ComplianceEvent, ("id", "period", "person", "kind", "positive", "severity", "occurred_on",
                                    "condition", "note", "recorded_by", *stamps, *void), compliance)
    insert_tuples(EventResponse, ("id", "event", "proposed", "proposal_reasons", "chosen", "reason", "decided_on",
                                  "decided_by", *stamps), responses)
    insert_tuples(RecallDecision, ("id", "period", "person", "kind", "outcome", "justification", "decided_on",
                                   "decided_by", *stamps), recalls)
    insert_tuples(RecallDecision.events.through, ("recalldecision", "complianceevent"), weighed)
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, events)
    return len(drawn)

