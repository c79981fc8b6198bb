"""What follows a batch of people once their record and assessments are stored: the units they
are held in, their programmes, their case plans, their community supervision and the release
preparation of those serving a sentence.

A batch's follow-ups are written at the start of the next batch's transaction (and the last
batch's in a transaction of their own): by then the batch's assessments are committed, so reading
their bands and needs back (``synth.needs``) waits for nothing, and the inserts go through the same
pipelined writer as the batch's own. The random numbers come from a generator seeded by the run's
seed and the batch's first person index, so the content does not depend on when it is written.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np

from reintegra.custody.models import Unit
from reintegra.custody.services import unit_stay_bulk_start
from reintegra.synth import enrolments, plans, release, units
from reintegra.synth import supervision as community
from reintegra.synth.jurisdiction import Jurisdiction
from reintegra.synth.needs import latest_needs
from reintegra.synth.programmes import Catalogue, catalogue_load

SEED_TAG = 8


@dataclass
class Written:
    """A batch whose persons are saved, kept until its follow-ups are written."""

    drafts: list[Any]
    persons: list[Any]
    histories: list[Any]


@dataclass
class Context:
    """What the follow-ups of every batch of a run read: loaded once per run."""

    catalogue: Catalogue
    units: dict[int, list[Unit]]
    staff: plans.Staff


def followups_load(j: Jurisdiction) -> Context:
    return Context(catalogue=catalogue_load(), units=units.units_load([f.org.pk for f in j.facilities]),
                   staff=plans.staff_load(j))


def followups_write(*, run: Any, j: Jurisdiction, context: Context, written: Written) -> None:
    """Write the follow-ups of one written batch (inside the caller's transaction)."""
    if not written.persons:
        return
    # Python's generator for the many scalar draws (a NumPy call per scalar costs ten times more),
    # seeded from a NumPy generator keyed by the run's seed and the batch's first person.
    seeder = np.random.default_rng([int(run.seed), int(written.drafts[0].index), SEED_TAG])
    rng = random.Random(int(seeder.integers(2**62)))
    today = run.today.toordinal()
    # Unit stays first (their random draws come first); the service queues the rows on the writer.
    stays = units.stays_draw(units=context.units, drafts=written.drafts, histories=written.histories, today=today,
                             rng=rng)
    if stays:
        unit_stay_bulk_start(actor=j.actor, rows=stays)
    latest = latest_needs(person.pk for person in written.persons)
    places: dict[int, Any] = {}  # person id -> placement, worked out once for enrolments and plans
    drawn = enrolments.enrolments_draw(catalogue=context.catalogue, drafts=written.drafts, persons=written.persons,
                                       histories=written.histories, latest=latest, today=today, rng=rng,
                                       places=places)
    enrolments.enrolments_build(drawn)
    enrolled: dict[int, list[Any]] = {}
    for one in drawn:
        enrolled.setdefault(one.person.pk, []).append(one)
    case_plans = plans.plans_draw(staff=context.staff, drafts=written.drafts, persons=written.persons,
                                  histories=written.histories, latest=latest, enrolled=enrolled, today=today, rng=rng,
                                  places=places)
    # Supervision draws from its own generator, so adding it changed nothing drawn before it.
    completed: dict[int, list[int]] = {}
    for one in drawn:
        if one.completed:
            completed.setdefault(one.person.pk, []).append(one.completed)
    supervised = community.supervision_draw(
        drafts=written.drafts, persons=written.persons, histories=written.histories, latest=latest,
        completed=completed, supervisors=context.staff.supervisors, today=today,
        rng=community.rng_for(run.seed, written.drafts[0].index))
    preparing = release.release_draw(
        persons=written.persons, histories=written.histories, latest=latest, managers=context.staff.case_managers,
        plan_officers={p.plan.person.pk: p.plan.responsible_officer for p in case_plans},
        partners=context.staff.partners, today=today, rng=release.rng_for(run.seed, written.drafts[0].index))
    # The audit entries (ORM inserts) before the bulk inserts, which then run on the writer thread.
    enrolments.enrolments_audit(actor=j.actor, drawn=drawn)
    plans.plans_audit(actor=j.actor, drawn=case_plans)
    community.supervision_audit(actor=j.actor, drawn=supervised)
    release.release_audit(actor=j.actor, drawn=preparing)
    enrolments.enrolments_write(actor=j.actor, drawn=drawn)
    plans.plans_write(actor=j.actor, drawn=case_plans)
    community.supervision_write(actor=j.actor, drawn=supervised)
    release.release_write(actor=j.actor, drawn=preparing)
