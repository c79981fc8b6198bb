"""Drawing the people of one batch: demographics, histories and identifiers, before any write.

Drawing needs no database, only the loaded jurisdiction; ``draw_batch`` is the one place that
does it, and ``services._write_batch`` writes what it drew through the people and justice
services.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reintegra.justice.services import JusticeBatch
from reintegra.people.models import Person
from reintegra.people.services import PersonInput
from reintegra.synth import history as history_mod
from reintegra.synth import people
from reintegra.synth.history import History
from reintegra.synth.instances import link
from reintegra.synth.jurisdiction import Jurisdiction

def draw_batch(*, j: Jurisdiction, seed: int, run_number: int, batch_no: int, first_index: int, count: int,
               today: int) -> DrawnBatch:
    """Draw ``count`` people (from ``first_index``) of batch ``batch_no``; touches no database."""
    rng = np.random.default_rng([seed, run_number, batch_no])
    drafts = people.draw_people(rng=rng, seed=seed, run=run_number, first_index=first_index, count=count,
                                today=today, regions=j.regions)
    histories = []
    rows = []
    for draft in drafts:
        h = history_mod.build(draft, j, today)
        people.draw_circumstances(draft, today=today)
        people.draw_contacts(draft, index_section=h.index_section)
        ids = people.identifiers(draft, in_custody_ever=bool(h.custody), supervised_ever=bool(h.supervision))
        histories.append(h)
        rows.append(_person_input(draft, ids))
    return DrawnBatch(drafts=drafts, histories=histories, rows=rows)


def _person_input(draft: people.Draft, identifiers: list[tuple[str, str]]) -> PersonInput:
    return PersonInput(
        given_name=draft.given_name, family_name=draft.family_name, date_of_birth=draft.date_of_birth,
        sex=draft.sex, gender_identity=draft.gender_identity, nationality=draft.nationality,
        languages=list(draft.languages), needs_interpreter=draft.needs_interpreter,
        literacy_level=draft.literacy_level, dependent_children=draft.dependent_children,
        identifiers=identifiers,
    )


@dataclass
class DrawnBatch:
    """One batch before it is written: a draft, a history (with its unsaved justice records) and
    a ``person_bulk_create`` row per person."""

    drafts: list[people.Draft]
    histories: list[History]
    rows: list[PersonInput]

    def justice(self, persons: list[Person]) -> JusticeBatch:
        """The batch's justice records, each linked to its (saved) person, for ``justice_bulk_create``."""
        batch = JusticeBatch()
        for person, h in zip(persons, self.histories):
            for obj in (*h.cases, *h.dispositions, *h.custody, *h.supervision):
                link(obj, "person", person)
            batch.cases.extend(h.cases)
            batch.charges.extend(h.charges)
            batch.dispositions.extend(h.dispositions)
            batch.custody_episodes.extend(h.custody)
            batch.supervision_periods.extend(h.supervision)
        return batch
