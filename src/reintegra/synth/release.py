"""Release preparation of the synthetic people in custody under sentence at the reference date.

Each open sentenced stay gets the record ``reentry`` opens on admission (keyed to the first stay of
the sentence, so a transfer keeps it), with the prison case manager responsible (the one of the
person's case plan where there is one), its eight resettlement pathways and its five checklist
items. How far it has come follows how near the release is: ``progress`` is the share of the time
from admission to the earliest release (conditional release at half the term, the end for short
terms) already served.

- Pathways are assessed in the first six weeks (before that most are "not yet assessed"). A
  pathway has a need with the share in ``NEED_SHARE``, raised by the matching need of the latest
  needs assessment; a need is resolved, in progress or just identified, more often resolved the
  nearer the release, with the need in a few words (Spanish).
- Each pathway with a need has an action (the case manager, a partner of the region or the person,
  due before the release; done when resolved) and, when resolved, the evidence (an address
  confirmed, an ID document seen, a bank account, a job or training place, a doctor).
- In the last four weeks the checklist's "pathways" item is complete when every pathway is resolved
  or without need, and the family notification is decided (complete, or waived with the reason);
  the handover items stay open (no handover is generated).

Written in bulk like the other follow-ups: version 1 in the history of the record, the actions and
the evidence (the services' ``versioned_create``; pathway rows and checklist items are created
without history, as ``reentry`` opens them, and written as they stand at the reference date), the
"release preparation started" timeline event on the admission day, one audit entry per table and
batch.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import insert_instances, insert_tuples
from reintegra.justice.choices import CustodyKind
from reintegra.people.models import TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS, insert_with_history
from reintegra.reentry.choices import (
    ActionStatus, ChecklistItemKind, ChecklistState, EvidenceKind, OwnerKind, Pathway, PathwayStatus,
)
from reintegra.reentry.models import ChecklistItem, PathwayAction, PathwayEvidence, PathwayRecord, ReleasePreparation
from reintegra.synth.instances import InstanceMaker
from reintegra.synth.needs import LatestNeeds

SEED_TAG = 12
SOURCE_APP = "reentry"
ASSESSED_AFTER_DAYS = 42
LAST_WEEKS_DAYS = 28
NEED_SHARE = {Pathway.ACCOMMODATION: 0.45, Pathway.EDUCATION: 0.55, Pathway.HEALTH: 0.3,
              Pathway.DRUGS_ALCOHOL: 0.3, Pathway.FINANCE: 0.4, Pathway.FAMILY: 0.3, Pathway.ATTITUDES: 0.35,
              Pathway.IDENTITY: 0.35}
FROM_NEED = {"school_work": Pathway.EDUCATION, "substance": Pathway.DRUGS_ALCOHOL, "family": Pathway.FAMILY,
             "attitudes": Pathway.ATTITUDES, "associates": Pathway.ATTITUDES}
# pathway -> (needs in plain words, action, owner: "staff" / "person" / partner kind, evidence kind)
PATHWAYS: dict[str, tuple[str, str, str, str]] = {
    Pathway.ACCOMMODATION: ("No tiene domicilio al salir; no puede volver al de antes.",
                            "Solicitar plaza en vivienda de apoyo", OrganisationKind.HOUSING,
                            EvidenceKind.ADDRESS_CONFIRMED),
    Pathway.EDUCATION: ("Sin empleo ni formación al salir.", "Inscribirse en el programa de empleo",
                        OrganisationKind.EMPLOYER, EvidenceKind.JOB_OFFER),
    Pathway.HEALTH: ("Necesita médico de cabecera en la comunidad.", "Registrarse en el centro de salud",
                     OrganisationKind.HEALTH, EvidenceKind.HEALTH_REGISTRATION),
    Pathway.DRUGS_ALCOHOL: ("Consumo problemático; quiere seguir el tratamiento fuera.",
                            "Cita de acogida en el servicio de adicciones", OrganisationKind.HEALTH,
                            EvidenceKind.HEALTH_REGISTRATION),
    Pathway.FINANCE: ("Deudas pendientes y sin ingresos los primeros meses.", "Preparar la solicitud de ayuda",
                      "staff", EvidenceKind.BENEFIT_CLAIM),
    Pathway.FAMILY: ("Quiere recuperar el contacto con sus hijos.", "Mediación familiar antes de la salida",
                     OrganisationKind.NGO, EvidenceKind.OTHER),
    Pathway.ATTITUDES: ("Trabajo pendiente sobre la conducta delictiva.", "Sesiones individuales antes de la salida",
                        "staff", EvidenceKind.OTHER),
    Pathway.IDENTITY: ("Documento de identidad caducado y sin cuenta bancaria.",
                       "Renovar el documento de identidad y abrir una cuenta", "person", EvidenceKind.ID_DOCUMENT_SEEN),
}
EVIDENCE_TEXT = {EvidenceKind.ADDRESS_CONFIRMED: "Plaza confirmada por la asociación de vivienda.",
                 EvidenceKind.JOB_OFFER: "Carta de la cooperativa con la fecha de inicio.",
                 EvidenceKind.HEALTH_REGISTRATION: "Cita de acogida confirmada.",
                 EvidenceKind.BENEFIT_CLAIM: "Solicitud presentada; pendiente de resolución.",
                 EvidenceKind.ID_DOCUMENT_SEEN: "Documento renovado visto por el gestor.",
                 EvidenceKind.OTHER: "Informe de la entidad sobre el trabajo hecho."}
FAMILY_WAIVER = "No hay contactos familiares que quieran o puedan recibir el aviso."

_prep, _pathway, _action, _evidence, _item = (
    InstanceMaker(ReleasePreparation), InstanceMaker(PathwayRecord), InstanceMaker(PathwayAction),
    InstanceMaker(PathwayEvidence), InstanceMaker(ChecklistItem))


@dataclass
class _Drawn:
    preparation: ReleasePreparation
    opened: int
    pathways: list[PathwayRecord] = field(default_factory=list)
    actions: list[PathwayAction] = field(default_factory=list)
    evidence: list[PathwayEvidence] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)


def rng_for(seed: int, first_index: int) -> random.Random:
    seeder = np.random.default_rng([int(seed), int(first_index), SEED_TAG])
    return random.Random(int(seeder.integers(2**62)))


def _earliest(episode: Any) -> int:
    """The earliest release of a stay's sentence: conditional release at half the term (the end of
    terms up to four weeks), from the sentence's start."""
    d = episode.disposition
    start = (d.starts_on or d.decided_on).toordinal()
    term = int(d.term_days or 0)
    return start + (term if term <= 28 else term // 2)


def release_draw(*, persons: Sequence[Any], histories: Sequence[Any], latest: dict[int, LatestNeeds],
                 managers: dict[int, list[Any]], plan_officers: dict[int, Any], partners: dict[tuple[str, str], Any],
                 today: int, rng: random.Random) -> list[_Drawn]:
    """The batch's release-preparation records (no database). ``managers``: facility id -> prison
    case managers; ``plan_officers``: person id -> the responsible officer of their case plan."""
    drawn = []
    for person, h in zip(persons, histories):
        open_stays = [e for e in h.custody if e.released_on is None and e.kind == CustodyKind.SENTENCED
                      and e.disposition is not None and e.admitted_on.toordinal() <= today]
        if not open_stays:
            continue
        current = open_stays[-1]
        first = min((e for e in h.custody if e.disposition_id == current.disposition_id), key=lambda e: e.admitted_on)
        pool = managers.get(current.facility_id) or [None]
        officer = plan_officers.get(person.pk) or pool[int(rng.random() * len(pool))]
        needs = latest.get(person.pk)
        drawn.append(_one(rng, person, first, current, officer, needs, partners, today))
    return drawn


def _one(rng: random.Random, person: Any, first: Any, current: Any, officer: Any, needs: LatestNeeds | None,
         partners: dict[tuple[str, str], Any], today: int) -> _Drawn:
    admitted = first.admitted_on.toordinal()
    earliest = _earliest(current)
    progress = 1.0 if earliest <= today else max(0.0, min(1.0, (today - admitted) / max(1, earliest - admitted)))
    region = current.facility.region or ""
    prep = _prep(person=person, episode=first, responsible_officer=officer)
    d = _Drawn(preparation=prep, opened=admitted)
    assessed = today - admitted >= ASSESSED_AFTER_DAYS
    flagged = {FROM_NEED[n] for n in (needs.needs[:3] if needs is not None else ()) if n in FROM_NEED}
    settled = True
    for pathway in Pathway.values:
        record = _pathway(preparation=prep, pathway=pathway, status=PathwayStatus.NOT_ASSESSED)
        d.pathways.append(record)
        if not assessed and rng.random() < 0.8:
            settled = False
            continue
        share = min(0.9, NEED_SHARE[pathway] + (0.4 if pathway in flagged else 0.0))
        if rng.random() >= share:
            record.status = PathwayStatus.NO_NEED
            continue
        words, text, owner, evidence = PATHWAYS[pathway]
        record.needs = words
        r = rng.random()
        if r < 0.85 * progress:
            record.status = PathwayStatus.RESOLVED
        elif r < 0.85 * progress + 0.4:
            record.status, settled = PathwayStatus.IN_PROGRESS, False
        else:
            record.status, settled = PathwayStatus.NEED_IDENTIFIED, False
        done = record.status == PathwayStatus.RESOLVED
        due = (min(today, admitted + 30 + int(rng.random() * max(1, today - admitted - 30))) if done
               else max(today + 7, earliest - int(rng.random() * 21)))
        action = _action(pathway=record, description=text, owner_kind=OwnerKind.STAFF, owner_user=officer,
                         due_on=dt.date.fromordinal(due),
                         status=ActionStatus.DONE if done else (ActionStatus.IN_PROGRESS if record.status ==
                                                                 PathwayStatus.IN_PROGRESS else ActionStatus.NOT_STARTED))
        if owner == "person" or officer is None:
            action.owner_kind, action.owner_user = OwnerKind.PERSON, None
        elif owner != "staff" and (region, owner) in partners:
            action.owner_kind, action.owner_user, action.owner_organisation = (
                OwnerKind.PARTNER, None, partners[(region, owner)])
        d.actions.append(action)
        if done:
            d.evidence.append(_evidence(pathway=record, kind=evidence, description=EVIDENCE_TEXT[evidence],
                                        seen_on=dt.date.fromordinal(due), recorded_by=officer))
    last_weeks = earliest - today <= LAST_WEEKS_DAYS
    for kind in ChecklistItemKind.values:
        item = _item(preparation=prep, item=kind, state=ChecklistState.OPEN)
        d.checklist.append(item)
        if not last_weeks:
            continue
        if kind == ChecklistItemKind.PATHWAYS and settled:
            item.state = ChecklistState.COMPLETE
        elif kind == ChecklistItemKind.FAMILY_DECIDED and rng.random() < 0.7:
            item.state = ChecklistState.COMPLETE if rng.random() < 0.85 else ChecklistState.WAIVED
            item.waiver_reason = FAMILY_WAIVER if item.state == ChecklistState.WAIVED else ""
        if item.state != ChecklistState.OPEN:
            item.decided_by = officer
            item.decided_at = timezone.make_aware(dt.datetime.fromordinal(max(admitted, today - int(rng.random() * 14)))
                                                  + dt.timedelta(hours=10))
    return d


def release_audit(*, actor: Any, drawn: list[_Drawn]) -> None:
    """One audit entry per table for the batch (before the bulk inserts)."""
    if not drawn:
        return
    for model, rows in ((ReleasePreparation, len(drawn)), (PathwayAction, sum(len(d.actions) for d in drawn)),
                        (PathwayEvidence, sum(len(d.evidence) for d in drawn))):
        if rows:
            audit_record(actor=actor, action=AuditAction.CREATE, object_type=model._meta.label_lower,
                         detail={"rows": rows, "synthetic": True})


def release_write(*, actor: Any, drawn: list[_Drawn]) -> int:
    if not drawn:
        return 0
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    insert_with_history(ReleasePreparation, [d.preparation for d in drawn], actor_id, now)
    insert_instances(PathwayRecord, [p for d in drawn for p in d.pathways])
    insert_with_history(PathwayAction, [a for d in drawn for a in d.actions], actor_id, now)
    insert_with_history(PathwayEvidence, [e for d in drawn for e in d.evidence], actor_id, now)
    insert_instances(ChecklistItem, [i for d in drawn for i in d.checklist])
    day = dt.date.fromordinal
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, [
        (d.preparation.person_id, day(d.opened), now, "release.preparation_opened", {}, SOURCE_APP,
         "reentry.releasepreparation", str(d.preparation.pk), actor_id) for d in drawn])
    return len(drawn)
