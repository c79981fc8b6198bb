"""Non-custodial measures of the synthetic people: community service orders with placements and
hours, diversion to treatment, and restorative justice cases.

Written once per run, after its batches, from the run's recent dispositions (decided in the
``WINDOW_DAYS`` before the reference date; at most ``SHARES x persons`` of each kind, spread evenly
over the window, so some are finished and some under way):

- **Community service orders** for community-service dispositions: the hours the court ordered,
  twelve months to work them, the responsible officer (the person's supervising officer, or an
  officer of the first probation office of their home region), a placement with a partner of the
  region (NGO, housing, health or a municipality) two to four weeks after the decision, and a
  session of four to eight hours most weeks since then, verified by the officer (the latest few
  still waiting; a few rejected with the reason). An order whose hours are all verified is
  completed on the last session; a few stop and are breached with the reason.
- **Diversions** for diversion dispositions: referred when the case was decided, to the region's
  health partner (drug, alcohol or mental-health treatment) or its education partner, with one or
  two conditions; completed (most), not completed or still in progress by its age.
- **Restorative justice cases** for restorative dispositions, facilitated by the demo facilitator
  (``demo-facilitator``) when the database has one, otherwise awaiting a facilitator: the person
  responsible and a victim (a synthetic name, a ``+1 555 01xx`` phone and an ``example.org``
  address; a supporter for some), each one's informed consent recorded before any session,
  preparation meetings, a joint meeting, conference or circle, then an agreement with its terms
  and their fulfilment, or a neutral "no agreement" (never a breach), or a withdrawal of consent
  and a case that does not go ahead.

Written in bulk through ``core.bulkinsert`` with what the services record: version 1 of each
versioned record in its history (as it stands at the reference date, like the case plans), the
timeline events of each step (``community.*``), one audit entry per table; consent records in
full. Draws come from a generator keyed by ``(seed, run number, SEED_TAG)``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation, User
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.community.choices import (
    ConsentState, DiversionStatus, HoursStatus, InformedHow, ItemStatus, OrderStatus, PartyRole, ProgrammeKind,
    RestorativeKind, RestorativeOutcome, RestorativeStatus, SessionKind,
)
from reintegra.community.models import (
    AgreementItem, CommunityServiceOrder, ConsentRecord, Diversion, DiversionCondition, HoursEntry, Placement,
    RestorativeCase, RestorativeParty, RestorativeSession,
)
from reintegra.core.bulkinsert import insert_instances, insert_tuples
from reintegra.justice.choices import DispositionKind
from reintegra.justice.models import Disposition, SupervisionPeriod
from reintegra.people.models import TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS, insert_with_history, require_kinds
from reintegra.synth import names
from reintegra.synth.jurisdiction import Jurisdiction

SEED_TAG = 11
SOURCE_APP = "community"
WINDOW_DAYS = 540
SHARES = {DispositionKind.COMMUNITY_SERVICE: 0.004, DispositionKind.DIVERSION: 0.0015,
          DispositionKind.RESTORATIVE: 0.0015}
MINIMUM = 3          # of each kind, when the run has that many dispositions
FACILITATOR = "demo-facilitator"
PLACEMENT_KINDS = (OrganisationKind.NGO, OrganisationKind.HOUSING, OrganisationKind.HEALTH,
                   OrganisationKind.MUNICIPALITY)
TASKS = ("Mantenimiento de jardines municipales", "Reparto en el banco de alimentos", "Pintura de un centro vecinal",
         "Limpieza de la ribera del río", "Apoyo en el almacén de ropa solidaria", "Reparación de mobiliario escolar")
REJECTED = "No consta la firma del responsable de la entidad ese día."
BREACH = "Dejó de acudir a la entidad durante más de seis semanas sin justificarlo, tras dos avisos por escrito."
DIVERSION_KINDS = ((ProgrammeKind.DRUG_TREATMENT, OrganisationKind.HEALTH, 0.45),
                   (ProgrammeKind.ALCOHOL_TREATMENT, OrganisationKind.HEALTH, 0.25),
                   (ProgrammeKind.MENTAL_HEALTH, OrganisationKind.HEALTH, 0.1),
                   (ProgrammeKind.EDUCATION, OrganisationKind.EDUCATION, 0.2))
DIVERSION_CONDITIONS = {
    ProgrammeKind.DRUG_TREATMENT: ("Asistir a las citas del centro de tratamiento.", "Controles de consumo mensuales."),
    ProgrammeKind.ALCOHOL_TREATMENT: ("Asistir al grupo de deshabituación.", "No conducir durante el programa."),
    ProgrammeKind.MENTAL_HEALTH: ("Mantener el seguimiento con el equipo de salud mental.",),
    ProgrammeKind.EDUCATION: ("Completar el curso de sensibilización.", "Asistir al menos al 80% de las sesiones."),
}
NOT_COMPLETED = "Abandonó el tratamiento y no respondió a las citas; el caso vuelve a la fiscalía."
AGREEMENT_TERMS = ("Carta de disculpa a la víctima", "Reparar los daños causados en la vivienda",
                   "Pagar la compensación acordada en tres plazos", "Veinte horas de trabajo en la asociación vecinal",
                   "No volver a acercarse al comercio sin avisar antes")
SESSION_NOTES = {
    SessionKind.PREPARATION: "Reunión de preparación: se explica el proceso y sus límites.",
    SessionKind.MEETING: "Encuentro con ambas partes; se habla de lo ocurrido y de cómo repararlo.",
    SessionKind.CONFERENCE: "Conferencia con las partes y sus apoyos; se acuerdan compromisos.",
    SessionKind.CIRCLE: "Círculo con la comunidad afectada.",
}


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


class _Writer:
    """Collects the rows of one kind of measure with their timeline events and audit counts."""

    def __init__(self, actor: Any, now: dt.datetime) -> None:
        self.actor, self.now = actor, now
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.events: list[tuple[Any, ...]] = []

    def event(self, obj: Any, kind: str, on: int | dt.date, **params: Any) -> None:
        on = on if isinstance(on, dt.date) else _day(on)
        self.events.append((obj.person_id, on, self.now, kind, params, SOURCE_APP, obj._meta.label_lower,
                            str(obj.pk), self.actor_id))

    def audit(self, model: type, rows: int) -> None:
        if rows:
            audit_record(actor=self.actor, action=AuditAction.CREATE, object_type=model._meta.label_lower,
                         detail={"rows": rows, "synthetic": True})


@transaction.atomic
def measures_write(*, run: Any, j: Jurisdiction, persons: int) -> dict[str, int]:
    """Write the run's community measures; returns how many of each were written."""
    today = run.today.toordinal()
    rng = np.random.default_rng([int(run.seed), int(run.pk), SEED_TAG])
    since = run.today - dt.timedelta(days=WINDOW_DAYS)
    chosen: dict[str, list[Disposition]] = {}
    for kind, share in SHARES.items():
        cap = max(MINIMUM, int(persons * share))
        ids = list(Disposition.objects.filter(
            kind=kind, decided_on__gte=since, decided_on__lte=run.today, voided_at__isnull=True,
            person__synthetic_profile__run=run).order_by("decided_on", "pk").values_list("pk", flat=True))
        # Evenly over the window, so some measures are finished and some under way.
        picked = [ids[i * len(ids) // cap] for i in range(cap)] if len(ids) > cap else ids
        chosen[kind] = list(Disposition.objects.filter(pk__in=picked).select_related("case__court")
                            .order_by("decided_on", "pk"))
    partners: dict[tuple[str, str], Organisation] = {}
    for org in Organisation.objects.filter(kind__in=[*PLACEMENT_KINDS, OrganisationKind.EDUCATION],
                                           code__startswith="xr-", active=True).order_by("code"):
        partners.setdefault((org.region, org.kind), org)
    officers = _officers(j, [d.person_id for ds in chosen.values() for d in ds])
    facilitator = User.objects.filter(username=FACILITATOR, is_active=True).first()
    writer = _Writer(j.actor, timezone.now())
    require_kinds("community.order_made", "community.rj_referred", "community.diversion_referred")
    counts = {
        "orders": _orders(rng, writer, chosen[DispositionKind.COMMUNITY_SERVICE], officers, partners, today),
        "diversions": _diversions(rng, writer, chosen[DispositionKind.DIVERSION], officers, partners, today),
        "restorative": _restorative(rng, writer, chosen[DispositionKind.RESTORATIVE], officers, facilitator, today),
    }
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, writer.events)
    return counts


def _officers(j: Jurisdiction, person_ids: list[int]) -> dict[int, Any]:
    """Person id -> the officer responsible: their latest supervising officer, or the first officer
    (by username: the demo officer where there is one) of the first office of their home region."""
    found: dict[int, Any] = {}
    for period in SupervisionPeriod.objects.filter(person_id__in=person_ids, officer__isnull=False).select_related(
            "officer").order_by("starts_on", "pk"):
        found[period.person_id] = period.officer
    by_region = {o.region: j.officers.get(o.pk) for o in reversed(j.offices) if j.officers.get(o.pk)}
    regions = _home_regions(person_ids)
    for pk in person_ids:
        if pk not in found:
            pool = by_region.get(regions.get(pk, "")) or next(iter(by_region.values()), None)
            if pool:
                found[pk] = sorted(set(pool), key=lambda u: u.username)[0]
    return found


def _home_regions(person_ids: list[int]) -> dict[int, str]:
    """The region of the court that decided each person's latest case (their home region)."""
    regions: dict[int, str] = {}
    for pk, region in Disposition.objects.filter(person_id__in=person_ids).order_by("decided_on", "pk").values_list(
            "person_id", "case__court__region"):
        regions[pk] = region or ""
    return regions


def _orders(rng: np.random.Generator, w: _Writer, dispositions: list[Disposition], officers: dict[int, Any],
            partners: dict[tuple[str, str], Organisation], today: int) -> int:
    orders, placements, entries = [], [], []
    ended: list[tuple[CommunityServiceOrder, str, int]] = []
    hispanic = names.CULTURES[0]
    for d in dispositions:
        officer = officers.get(d.person_id)
        region = getattr(d.case.court, "region", "") if d.case_id else ""
        org = next((partners[(region, k)] for k in rng.permutation(PLACEMENT_KINDS) if (region, k) in partners), None)
        if officer is None or org is None:
            continue
        decided = d.decided_on.toordinal()
        hours = int(d.hours or 10 * int(rng.integers(4, 20)))
        order = CommunityServiceOrder(person_id=d.person_id, disposition=d, hours_ordered=hours,
                                      due_by=_day(decided + 365), officer=officer, status=OrderStatus.ACTIVE)
        start = decided + int(rng.integers(14, 29))
        if start > today:
            orders.append((order, None, []))
            continue
        supervisor = f"{rng.choice(hispanic.female + hispanic.male)} {rng.choice(hispanic.family)}"
        placement = Placement(order=order, organisation=org, supervisor_name=supervisor, starts_on=_day(start))
        sessions: list[HoursEntry] = []
        worked = Decimal(0)
        stop = today if rng.random() > 0.08 else start + int(rng.integers(20, 90))
        day = start
        while day <= min(today, stop) and worked < hours:
            amount = Decimal(int(rng.integers(4, 9)))
            entry = HoursEntry(order=order, placement=placement, worked_on=_day(day), hours=amount,
                               task=str(rng.choice(TASKS)), recorded_by=officer)
            if today - day > 10 and rng.random() < 0.03:
                entry.status, entry.rejection_reason = HoursStatus.REJECTED, REJECTED
            elif today - day > 10 or rng.random() < 0.3:
                entry.status = HoursStatus.VERIFIED
                worked += amount
            entry.decided_by = officer if entry.status != HoursStatus.PENDING else None
            entry.decided_at = timezone.make_aware(dt.datetime.fromordinal(min(today, day + 3)) + dt.timedelta(hours=12)) \
                if entry.decided_by else None
            sessions.append(entry)
            day += 7 + int(rng.integers(-1, 2)) if rng.random() < 0.85 else 14
        if worked >= hours:
            last = sessions[-1].worked_on.toordinal()
            order.status, order.ended_on, order.ended_by = OrderStatus.COMPLETED, _day(last), officer
            placement.ends_on = _day(last)
            ended.append((order, "community.order_completed", last))
        elif stop < today and today - stop > 45:
            breached = min(today, stop + 50)
            order.status, order.ended_on, order.ended_by, order.breach_reason = (
                OrderStatus.BREACHED, _day(breached), officer, BREACH)
            placement.ends_on = _day(max(start, min(breached, stop)))
            ended.append((order, "community.order_breached", breached))
        orders.append((order, placement, sessions))
    w.audit(CommunityServiceOrder, len(orders))
    w.audit(Placement, sum(1 for _o, p, _s in orders if p is not None))
    w.audit(HoursEntry, sum(len(s) for _o, _p, s in orders))
    insert_with_history(CommunityServiceOrder, [o for o, _p, _s in orders], w.actor_id, w.now)
    for order, placement, sessions in orders:
        w.event(order, "community.order_made", order.disposition.decided_on, hours=order.hours_ordered)
        if placement is not None:
            placement.order_id = order.pk
            placements.append(placement)
    insert_with_history(Placement, placements, w.actor_id, w.now)
    for order, placement, sessions in orders:
        for entry in sessions:
            entry.order_id, entry.placement_id = order.pk, placement.pk
            entries.append(entry)
    insert_with_history(HoursEntry, entries, w.actor_id, w.now)
    for order, kind, on in ended:
        w.event(order, kind, on)
    return len(orders)


def _diversions(rng: np.random.Generator, w: _Writer, dispositions: list[Disposition], officers: dict[int, Any],
                partners: dict[tuple[str, str], Organisation], today: int) -> int:
    rows: list[tuple[Diversion, list[DiversionCondition]]] = []
    weights = np.array([p for _k, _o, p in DIVERSION_KINDS])
    for d in dispositions:
        officer = officers.get(d.person_id)
        kind, provider_kind, _p = DIVERSION_KINDS[int(rng.choice(len(DIVERSION_KINDS), p=weights / weights.sum()))]
        region = getattr(d.case.court, "region", "")
        provider = partners.get((region, provider_kind))
        if officer is None or provider is None:
            continue
        referred = d.decided_on.toordinal()
        diversion = Diversion(person_id=d.person_id, case=d.case, provider=provider, programme_kind=kind,
                              referred_on=_day(referred), referred_by=officer, status=DiversionStatus.ACTIVE)
        age = today - referred
        if age > 180:
            r = rng.random()
            on = referred + int(rng.integers(120, 180))
            if r < 0.82:
                diversion.status = DiversionStatus.COMPLETED
            else:
                diversion.status, diversion.outcome_reason = DiversionStatus.NOT_COMPLETED, NOT_COMPLETED
                on = referred + int(rng.integers(30, 120))
            diversion.outcome_on, diversion.outcome_by = _day(on), officer
        conditions = [DiversionCondition(diversion=diversion, text=text, starts_on=_day(referred),
                                         ends_on=diversion.outcome_on, recorded_by=officer)
                      for text in DIVERSION_CONDITIONS[kind]]
        rows.append((diversion, conditions))
    w.audit(Diversion, len(rows))
    w.audit(DiversionCondition, sum(len(c) for _d, c in rows))
    insert_with_history(Diversion, [d for d, _c in rows], w.actor_id, w.now)
    for diversion, conditions in rows:
        w.event(diversion, "community.diversion_referred", diversion.referred_on)
        if diversion.outcome_on is not None:
            w.event(diversion, "community.diversion_ended", diversion.outcome_on, status=diversion.status)
        for condition in conditions:
            condition.diversion_id = diversion.pk
    insert_instances(DiversionCondition, [c for _d, cs in rows for c in cs])
    return len(rows)


def _restorative(rng: np.random.Generator, w: _Writer, dispositions: list[Disposition], officers: dict[int, Any],
                 facilitator: Any, today: int) -> int:
    hispanic = names.CULTURES[0]
    cases = []
    for n, d in enumerate(dispositions):
        officer = officers.get(d.person_id)
        if officer is None:
            continue
        referred = d.case.opened_on.toordinal() + int(rng.integers(7, 30))
        referred = min(referred, d.decided_on.toordinal())
        kind = RestorativeKind.values[int(rng.choice(3, p=[0.6, 0.3, 0.1]))]
        rj = RestorativeCase(person_id=d.person_id, case=d.case, kind=kind, referred_on=_day(referred),
                             referred_by=officer, facilitator=facilitator, status=RestorativeStatus.OPEN)
        victim_name = f"{rng.choice(hispanic.female + hispanic.male)} {rng.choice(hispanic.family)}"
        parties = [
            (RestorativeParty(rj_case=rj, role=PartyRole.RESPONSIBLE, person_id=d.person_id,
                              label="Persona responsable"), InformedHow.IN_PERSON),
            (RestorativeParty(rj_case=rj, role=PartyRole.VICTIM, label="Víctima 1", name=victim_name,
                              phone=f"+1 555 01{int(rng.integers(0, 100)):02d}",
                              email=f"victim{d.pk}.{n}@example.org",
                              address=f"Calle {rng.choice(hispanic.family)} {int(rng.integers(1, 120))}"),
             InformedHow.PHONE if rng.random() < 0.5 else InformedHow.IN_PERSON),
        ]
        if kind != RestorativeKind.MEDIATION:
            parties.append((RestorativeParty(rj_case=rj, role=PartyRole.SUPPORTER, label="Apoyo 1",
                                             name=f"{rng.choice(hispanic.female)} {rng.choice(hispanic.family)}"),
                            InformedHow.IN_PERSON))
        consents: list[tuple[RestorativeParty, bool, int, str]] = []
        sessions: list[tuple[int, str, list[int]]] = []   # day, kind, party indexes
        items: list[AgreementItem] = []
        informed = referred + int(rng.integers(3, 15))
        if informed > today or facilitator is None:
            cases.append((rj, parties, consents, sessions, items))
            continue
        for i, (party, how) in enumerate(parties):
            party.consent = ConsentState.GIVEN
            consents.append((party, True, informed + i, how))
            sessions.append((informed + i, SessionKind.PREPARATION, [i]))
        withdrawn = rng.random() < 0.12
        meeting = informed + len(parties) + int(rng.integers(10, 30))
        if withdrawn and meeting - 5 <= today:
            parties[1][0].consent = ConsentState.WITHDRAWN
            consents.append((parties[1][0], False, meeting - 5, ""))
            rj.status, rj.outcome, rj.closed_on = RestorativeStatus.CLOSED, RestorativeOutcome.NOT_PROCEEDING, \
                _day(meeting - 4)
        elif meeting <= today:
            session_kind = {RestorativeKind.MEDIATION: SessionKind.MEETING,
                            RestorativeKind.CONFERENCING: SessionKind.CONFERENCE}.get(kind, SessionKind.CIRCLE)
            sessions.append((meeting, session_kind, list(range(len(parties)))))
            if rng.random() < 0.2:
                rj.status, rj.outcome, rj.closed_on = RestorativeStatus.CLOSED, RestorativeOutcome.NO_AGREEMENT, \
                    _day(meeting + 7)
            else:
                rj.status, rj.agreed_on = RestorativeStatus.AGREED, _day(meeting)
                terms = rng.choice(len(AGREEMENT_TERMS), size=int(rng.integers(1, 4)), replace=False)
                for t in sorted(int(x) for x in terms):
                    due = meeting + int(rng.integers(30, 120))
                    item = AgreementItem(rj_case=rj, terms=AGREEMENT_TERMS[t], due_on=_day(due), recorded_by=facilitator)
                    if due <= today:
                        item.status = ItemStatus.FULFILLED if rng.random() < 0.85 else ItemStatus.NOT_FULFILLED
                        item.status_on = _day(due)
                    items.append(item)
                if items and all(i.status != ItemStatus.PENDING for i in items):
                    last = max(i.status_on for i in items).toordinal()
                    sessions.append((last, SessionKind.FOLLOW_UP, [0, 1]))
                    done = all(i.status == ItemStatus.FULFILLED for i in items)
                    rj.status, rj.closed_on = RestorativeStatus.CLOSED, _day(min(today, last + 3))
                    rj.outcome = RestorativeOutcome.FULFILLED if done else RestorativeOutcome.PARTLY_FULFILLED
        cases.append((rj, parties, consents, sessions, items))
    _restorative_insert(w, cases, facilitator)
    return len(cases)


def _restorative_insert(w: _Writer, cases: list[tuple[Any, ...]], facilitator: Any) -> None:
    w.audit(RestorativeCase, len(cases))
    w.audit(RestorativeParty, sum(len(c[1]) for c in cases))
    w.audit(RestorativeSession, sum(len(c[3]) for c in cases))
    w.audit(AgreementItem, sum(len(c[4]) for c in cases))
    insert_with_history(RestorativeCase, [c[0] for c in cases], w.actor_id, w.now)
    parties, items = [], []
    for rj, case_parties, _consents, _sessions, case_items in cases:
        w.event(rj, "community.rj_referred", rj.referred_on)
        if rj.closed_on is not None:
            w.event(rj, "community.rj_closed", rj.closed_on, outcome=rj.outcome)
        for party, _how in case_parties:
            party.rj_case_id = rj.pk
            parties.append(party)
        for item in case_items:
            item.rj_case_id = rj.pk
            items.append(item)
    insert_instances(RestorativeParty, parties)  # not versioned: contact details stay out of any history
    insert_instances(AgreementItem, items)
    by = facilitator.pk if facilitator is not None else None
    consent_rows, session_rows, attendees = [], [], []
    for rj, case_parties, consents, sessions, _items in cases:
        for party, given, on, how in consents:
            consent_rows.append((party.pk, given, _day(on), how, "", by, w.now))
        for on, kind, who in sessions:
            session_rows.append((rj, on, kind, [case_parties[i][0].pk for i in who]))
    insert_tuples(ConsentRecord, ("party", "given", "on", "informed_how", "note", "recorded_by", "recorded_at"),
                  consent_rows)
    session_objs = [RestorativeSession(rj_case_id=rj.pk, held_on=_day(on), kind=kind, note=SESSION_NOTES.get(kind, ""),
                                       recorded_by_id=by) for rj, on, kind, _who in session_rows]
    insert_instances(RestorativeSession, session_objs)
    for session, (_rj, _on, _kind, who) in zip(session_objs, session_rows):
        attendees += [(session.pk, party_id) for party_id in who]
    insert_tuples(RestorativeSession.attendees.through, ("restorativesession", "restorativeparty"), attendees)
