"""What follows a batch of people once their assessments are stored: programmes (and later unit
stays and case plans), drawn from their latest needs assessment.

A batch's follow-ups are written at the start of the next batch's transaction (and the last
batch's in a transaction of their own): by then the batch's assessments are committed, so reading
their bands and needs back (``synth.needs``) waits for nothing, and the inserts go through the same
pipelined writer as the batch's own. The random numbers come from a generator seeded by the run's
seed and the batch's first person index, so the content does not depend on when it is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reintegra.synth import enrolments
from reintegra.synth.needs import latest_needs
from reintegra.synth.programmes import Catalogue

SEED_TAG = 8


@dataclass
class Written:
    """A batch whose persons are saved, kept until its follow-ups are written."""

    drafts: list[Any]
    persons: list[Any]
    histories: list[Any]


def followups_write(*, run: Any, j: Any, catalogue: Catalogue | None, written: Written) -> None:
    """Write the follow-ups of one written batch (inside the caller's transaction)."""
    if not written.persons:
        return
    latest = latest_needs(person.pk for person in written.persons)
    rng = np.random.default_rng([int(run.seed), int(written.drafts[0].index), SEED_TAG])
    today = run.today.toordinal()
    if catalogue is not None:
        drawn = enrolments.enrolments_draw(catalogue=catalogue, drafts=written.drafts, persons=written.persons,
                                           histories=written.histories, latest=latest, today=today, rng=rng)
        enrolments.enrolments_write(actor=j.actor, drawn=drawn)
