"""Programme enrolments, attendance and certificates for the synthetic people of one batch.

Who: people with a needs assessment whose *placement* (the custody stay or community supervision
that follows their latest needs assessment) is current or ended in the last two years. Where: a
programme delivered at their facility (in custody) or at their probation office or a partner in
its region (in the community) that targets their first-ranked need (and, for some, their second),
that the pure ``programmes.eligibility`` rules admit them to on the day (band from the
assessment, sex, age, languages, literacy, the section of their latest sanction), with a cohort that
starts after the request and has a place. What happens follows the dates: a cohort starting after
the reference date leaves them waiting; one under way has them enrolled with attendance so far; a
finished one ends in completion (more likely at lower risk) or dropping out, and leaving custody or
supervision before its end is a drop-out for that reason. Completing a programme that awards one
gives a certificate. Attendance is one row per session (attended 90% by completers, 65% by those
who drop out), each with its timeline event, as ``attendance_record`` writes them.

Rows are written in bulk (``core.bulkinsert``; one service call per enrolment would cost minutes at
national scale) with what the services record: a history entry per enrolment (version 1, its
final state), the timeline events of each step, one audit entry per batch.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import insert_instances, insert_tuples
from reintegra.justice.choices import ChargeOutcome, SupervisionKind
from reintegra.people.models import TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS, insert_with_history, require_kinds
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.programmes.eligibility import Facts, eligibility
from reintegra.programmes.models import Attendance, Certificate, Enrolment
from reintegra.programmes.services import priority_score
from reintegra.synth.instances import InstanceMaker
from reintegra.synth.needs import LatestNeeds
from reintegra.synth.programmes import Catalogue, CohortSlot, ProgrammeEntry

SEED_TAG = 7
WINDOW_DAYS = 730          # placements that ended longer ago get no programmes
FIRST_SHARE = 0.5          # of people with a placement: a programme for their first need
SECOND_SHARE = 0.25        # ... and one for their second
COMPLETION = {"low": 0.86, "moderate": 0.78, "high": 0.68, "very_high": 0.58}
ATTEND_COMPLETER, ATTEND_DROPOUT = 0.90, 0.65
DROPOUT_REASONS = (
    "Stopped attending.", "Moved to full-time work.", "Health reasons.", "Removed from the group after an incident.",
    "Asked to leave the programme.",
)
LEFT_CUSTODY, LEFT_SUPERVISION = "Left the facility before the programme ended.", "Supervision ended before the programme."
PROVEN = {ChargeOutcome.CONVICTED.value, ChargeOutcome.CAUTIONED.value}
SOURCE_APP = "programmes"
_enrolment, _certificate = InstanceMaker(Enrolment), InstanceMaker(Certificate)
KINDS = ("programme.requested", "programme.enrolled", "programme.attended", "programme.missed",
         "programme.completed", "programme.dropped", "programme.certificate")


@dataclass(frozen=True)
class Placement:
    """Where the person is (or was) placed after their latest needs assessment."""

    venue_id: int
    region: str | None
    community: bool
    start: int               # date ordinals
    end: int | None          # None: still open at the reference date


def placement(h: Any, needs_on: int, today: int) -> Placement | None:
    """The latest custody stay or supervision period (not pretrial) still running after the
    needs assessment and open at, or ended within two years of, the reference date."""
    spans: list[Placement] = []
    for e in h.custody:
        end = e.released_on.toordinal() if e.released_on else None
        spans.append(Placement(e.facility.pk, e.facility.region, False, e.admitted_on.toordinal(), end))
    for s in h.supervision:
        if s.kind == SupervisionKind.PRETRIAL:
            continue
        end = s.ended_on.toordinal() if s.ended_on else None
        spans.append(Placement(s.office.pk, s.office.region, True, s.starts_on.toordinal(), end))
    fit = [p for p in spans if p.start <= today and (p.end is None or (p.end > needs_on + 14 and p.end >= today - WINDOW_DAYS))]
    return max(fit, key=lambda p: (p.start, p.community), default=None)


def placement_of(places: dict[int, Placement | None] | None, person_id: int, h: Any, needs_on: int,
                 today: int) -> Placement | None:
    """``placement`` remembered in ``places`` (person id -> placement), so the enrolments and the
    case plans of a batch work it out once per person."""
    if places is None:
        return placement(h, needs_on, today)
    try:
        return places[person_id]
    except KeyError:
        found = places[person_id] = placement(h, needs_on, today)
        return found


def _section_on(h: Any, day: int) -> str:
    """The ICCS section of the sanction (decided by ``day``) for the latest offence, as
    ``programmes.selectors.index_offence_section`` reads it from the record."""
    best: tuple[int, str] | None = None
    for charge in h.charges:
        if charge.outcome in PROVEN and charge.outcome_date is not None and charge.outcome_date.toordinal() <= day:
            committed = charge.offence_date.toordinal()
            if best is None or committed >= best[0]:
                best = (committed, charge.offence.iccs_section.code[:2])
    return best[1] if best else ""


@dataclass
class _Drawn:
    """One enrolment drawn, before it is written."""

    person: Any
    entry: ProgrammeEntry
    slot: CohortSlot
    band: str
    requested: int
    release_on: dt.date | None
    status: str
    enrolled: int | None = None
    completed: int | None = None
    dropped: int | None = None
    reason: str = ""
    attended: tuple[tuple[int, bool], ...] = ()
    saved: Any = None        # the Enrolment, once written


class _Person:
    def __init__(self, draft: Any, h: Any, latest: LatestNeeds, place: Placement, today: int) -> None:
        self.draft, self.h, self.latest, self.place, self.today = draft, h, latest, place, today
        self.lo = max(place.start, latest.on) + 7
        self.hi = min(place.end if place.end is not None else today, today)

    def facts(self, day: int) -> Facts:
        draft = self.draft
        literacy = draft.literacy_level if draft.literacy_level != "unknown" else ""
        return Facts(band=self.latest.band, sex=draft.sex, age=age_on_ordinal(draft.dob, day),
                     languages=tuple(draft.languages),
                     literacy=literacy, offence_section=_section_on(self.h, day))


def age_on_ordinal(dob: int, on: int) -> int:
    """Age in whole years on ``on`` (both date ordinals)."""
    born, day = dt.date.fromordinal(dob), dt.date.fromordinal(on)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _draw_one(p: _Person, need: str, offered: list[ProgrammeEntry], rng: random.Random,
              taken: set[int]) -> _Drawn | None:
    if p.hi - p.lo < 14:
        return None
    day = p.lo + rng.randrange(min(p.hi - p.lo, 240))
    facts = p.facts(day)
    candidates = [e for e in offered if need in e.programme.targeted_needs and e.programme.pk not in taken]
    last_start = p.place.end if p.place.end is not None else p.today + 150
    for entry in rng.sample(candidates, len(candidates)):
        slot = entry.cohort_from(day)
        if slot is None or slot.starts_on > last_start or eligibility(entry.programme, facts):
            continue
        return _outcome(p, entry, slot, day, rng)
    return None


def _outcome(p: _Person, entry: ProgrammeEntry, slot: CohortSlot, day: int, rng: random.Random) -> _Drawn:
    release = dt.date.fromordinal(p.place.end) if (p.place.end is not None and not p.place.community) else None
    drawn = _Drawn(p.draft, entry, slot, p.latest.band, day, release, EnrolmentStatus.WAITING)
    today = p.today
    if slot.starts_on > today:
        return drawn  # waiting for a cohort that has not started (it is not full: places are counted)
    slot.taken += 1
    drawn.enrolled = slot.starts_on
    end_of_stay = p.place.end
    finish = slot.ends_on
    if end_of_stay is not None and end_of_stay < finish:
        drawn.status, drawn.dropped = EnrolmentStatus.DROPPED, max(end_of_stay, slot.starts_on)
        drawn.reason = LEFT_SUPERVISION if p.place.community else LEFT_CUSTODY
    elif finish > today:
        drawn.status = EnrolmentStatus.ENROLLED
    elif rng.random() < COMPLETION.get(p.latest.band, 0.75):
        drawn.status, drawn.completed = EnrolmentStatus.COMPLETED, finish
    else:
        sessions = slot.sessions
        drawn.status, drawn.dropped = EnrolmentStatus.DROPPED, sessions[rng.randrange(len(sessions))]
        drawn.reason = DROPOUT_REASONS[rng.randrange(len(DROPOUT_REASONS))]
    until = drawn.completed or drawn.dropped or today
    rate = ATTEND_COMPLETER if drawn.status != EnrolmentStatus.DROPPED else ATTEND_DROPOUT
    sessions = [d for d in slot.sessions if slot.starts_on <= d <= until]
    drawn.attended = tuple((d, rng.random() < rate) for d in sessions)
    return drawn


def enrolments_draw(*, catalogue: Catalogue, drafts: Sequence[Any], persons: Sequence[Any],
                    histories: Sequence[Any], latest: dict[int, LatestNeeds], today: int,
                    rng: random.Random, places: dict[int, Placement | None] | None = None) -> list[_Drawn]:
    """The batch's enrolments (no database); the catalogue's places taken are updated. ``places``:
    placements already worked out (``placement_of``), filled in as they are."""
    drawn: list[_Drawn] = []
    for draft, person, h in zip(drafts, persons, histories):
        needs = latest.get(person.pk)
        first, second = rng.random(), rng.random()
        if needs is None or not needs.needs or first >= FIRST_SHARE:
            continue
        place = placement_of(places, person.pk, h, needs.on, today)
        if place is None:
            continue
        p = _Person(draft, h, needs, place, today)
        offered = catalogue.offered_at(place.venue_id, place.region, place.community)
        taken: set[int] = set()
        wanted = needs.needs[:2] if second < SECOND_SHARE else needs.needs[:1]
        for need in wanted:
            one = _draw_one(p, need, offered, rng, taken)
            if one is not None:
                one.person = person
                taken.add(one.entry.programme.pk)
                drawn.append(one)
    return drawn


def enrolments_build(drawn: list[_Drawn]) -> None:
    """Build each drawn enrolment's (unsaved) ``Enrolment`` as ``drawn.saved``, so that case plans
    drawn before the insert can link to it."""
    day = dt.date.fromordinal
    for d in drawn:
        d.saved = _enrolment(
            person=d.person, cohort_id=d.slot.pk, status=d.status, risk_band=d.band, release_on=d.release_on,
            priority=priority_score(band=d.band, release_on=d.release_on, on=day(d.requested)),
            requested_on=day(d.requested), enrolled_on=day(d.enrolled) if d.enrolled else None,
            completed_on=day(d.completed) if d.completed else None,
            dropped_on=day(d.dropped) if d.dropped else None, dropout_reason=d.reason,
        )


def enrolments_audit(*, actor: Any, drawn: list[_Drawn]) -> None:
    """One audit entry for the batch's enrolments (written before the bulk inserts: an ORM insert
    waits for every insert queued on the pipelined writer)."""
    if drawn:
        audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.enrolment",
                     detail={"rows": len(drawn), "attendance": sum(len(d.attended) for d in drawn),
                             "synthetic": True})


def enrolments_write(*, actor: Any, drawn: list[_Drawn]) -> int:
    """Insert the drawn enrolments (``enrolments_build`` first) with their history, attendance,
    certificates and timeline."""
    if not drawn:
        return 0
    require_kinds(*KINDS)
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    day = dt.date.fromordinal
    enrolments = [d.saved for d in drawn]
    insert_with_history(Enrolment, enrolments, actor_id, now)
    attendance: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    certificates: list[Certificate] = []
    for d, e in zip(drawn, enrolments):
        programme = d.entry.programme
        params = {"programme": programme.name}
        ref = ("programmes.enrolment", str(e.pk), actor_id)

        def event(kind: str, on: int, p: dict[str, Any] = params) -> None:
            events.append((e.person_id, day(on), now, kind, p, SOURCE_APP, *ref))

        event("programme.requested", d.requested)
        if d.enrolled:
            event("programme.enrolled", d.enrolled)
        for session, attended in d.attended:
            attendance.append((e.pk, day(session), attended, "", actor_id, now, now))
            event("programme.attended" if attended else "programme.missed", session)
        if d.completed:
            event("programme.completed", d.completed)
            title = programme.certificate_title.strip()
            if title:
                certificates.append(_certificate(person_id=e.person_id, programme=programme, enrolment=e, title=title,
                                                awarded_on=day(d.completed)))
                event("programme.certificate", d.completed, {"title": title})
        if d.dropped:
            event("programme.dropped", d.dropped)
    insert_tuples(Attendance, ("enrolment", "session_on", "attended", "note", "recorded_by", "created_at",
                               "updated_at"), attendance)
    insert_instances(Certificate, certificates)
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, events)
    return len(enrolments)

