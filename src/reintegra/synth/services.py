"""Writing a synthetic jurisdiction: the run, in batches, through the people and justice services.

``synth_run`` is the one entry point. For each batch it draws people (``people``), their
histories (``history``, which draws the latent risk through ``outcomes``), then writes persons
with ``people.services.person_bulk_create``, the ground truth as ``SyntheticProfile`` rows,
aliases and contacts with ``alias_bulk_add`` / ``contact_bulk_add``, and the justice record with
``justice.services.justice_bulk_create``, all in one transaction per batch.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.justice.services import JusticeBatch, justice_bulk_create
from reintegra.people.services import (
    AliasInput, ContactInput, PersonInput, alias_bulk_add, contact_bulk_add, person_bulk_create,
)
from reintegra.synth import history as history_mod
from reintegra.synth import jurisdiction, people
from reintegra.synth.instances import link
from reintegra.synth.models import DOMAIN_FIELDS, SynthRun, SyntheticProfile
from reintegra.synth.selectors import two_year_reoffending

logger = logging.getLogger(__name__)

GENERATOR_VERSION = "1.0"
DEFAULT_BATCH = 2000
MAX_PERSONS = 2_000_000
SQLITE_CACHE_KIB = 256 * 1024

Progress = Callable[[int], None]


def synthetic_data_present() -> bool:
    return SynthRun.objects.exists() or SyntheticProfile.objects.exists()


def _check(*, persons: int, today: dt.date, append: bool) -> None:
    errors: dict[str, list[str]] = {}
    if persons < 1 or persons > MAX_PERSONS:
        errors["persons"] = [_("Give a number of persons between 1 and %(max)s.") % {"max": MAX_PERSONS}]
    if today > timezone.localdate():
        errors["today"] = [_("The reference date cannot be in the future: records are refused after today.")]
    if today.year < 1950:
        errors["today"] = [_("The reference date is too early for a plausible population.")]
    if not append and synthetic_data_present():
        errors["append"] = [_(
            "This database already holds synthetic data. Use --append to add more people to it, "
            "or point REINTEGRA_DATA_DIR / DATABASE_URL at a fresh database."
        )]
    if errors:
        raise ValidationError(errors)


def synth_run(
    *, persons: int, seed: int, today: dt.date | None = None, append: bool = False,
    batch_size: int = DEFAULT_BATCH, progress: Progress | None = None,
) -> SynthRun:
    """Generate ``persons`` synthetic people (and the jurisdiction, on first use).

    Deterministic: the same seed, count, reference date and batch size on a fresh database give
    the same content. Refuses to run into a database that already holds synthetic data unless
    ``append``. Each batch is one transaction; returns the finished ``SynthRun`` with the
    realised two-year proven-reoffending figures.
    """
    today = today or timezone.localdate()
    _check(persons=persons, today=today, append=append)
    _tune_connection()
    with transaction.atomic():
        j = jurisdiction.ensure(seed=seed, persons=persons)
        run_number = SynthRun.objects.count()
        first_index = (SyntheticProfile.objects.aggregate(m=Max("index"))["m"] or -1) + 1
        run = SynthRun.objects.create(
            seed=seed, persons=persons, today=today, generator_version=GENERATOR_VERSION, append=append,
            first_index=first_index,
        )
    logger.debug("synth run %s: %s persons, seed %s", run.pk, persons, seed)
    done = 0
    batch_no = 0
    while done < persons:
        count = min(batch_size, persons - done)
        _write_batch(run=run, j=j, run_number=run_number, batch_no=batch_no, first_index=first_index + done,
                     count=count, today=today.toordinal())
        done += count
        batch_no += 1
        if progress is not None:
            progress(count)
    cohort, reoffenders = two_year_reoffending(today=today, run=run)
    run.cohort_size, run.reoffenders, run.finished_at = cohort, reoffenders, timezone.now()
    run.save(update_fields=["cohort_size", "reoffenders", "finished_at"])
    return run


def _tune_connection() -> None:
    """Give SQLite a page cache that holds the indexes being appended to.

    The default cache is 2 MB; at national scale every index insert then re-reads pages from the
    operating system. 256 MB (a per-connection setting, only for this run) keeps them in memory.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def _person_input(draft: people.Draft, identifiers: list[tuple[str, str]]) -> PersonInput:
    return PersonInput(
        given_name=draft.given_name, family_name=draft.family_name, date_of_birth=draft.date_of_birth,
        sex=draft.sex, gender_identity=draft.gender_identity, nationality=draft.nationality,
        languages=list(draft.languages), needs_interpreter=draft.needs_interpreter,
        literacy_level=draft.literacy_level, dependent_children=draft.dependent_children,
        identifiers=identifiers,
    )


@transaction.atomic
def _write_batch(*, run: SynthRun, j: jurisdiction.Jurisdiction, run_number: int, batch_no: int,
                 first_index: int, count: int, today: int) -> None:
    rng = np.random.default_rng([run.seed, run_number, batch_no])
    drafts = people.draw_people(rng=rng, seed=run.seed, run=run_number, first_index=first_index, count=count,
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
    persons = person_bulk_create(actor=j.actor, rows=rows)

    profiles = []
    aliases: list[AliasInput] = []
    contacts: list[ContactInput] = []
    batch = JusticeBatch()
    for draft, person, h in zip(drafts, persons, histories):
        profiles.append(SyntheticProfile(
            person=person, run=run, index=draft.index, seed=run.seed, generator_version=GENERATOR_VERSION,
            risk_logit=round(h.risk_logit, 6), risk_probability=round(h.risk_probability, 6),
            **dict(zip(DOMAIN_FIELDS, draft.domains)),
            age_at_first_offence=h.age_first, prior_cases=h.prior_cases, prior_convictions=h.prior_sanctions,
            prior_custodial=h.prior_custodial, index_offence_section=h.index_section,
            index_disposition=h.index_kind, followup_start=h.followup_start, reoffences=h.reoffences,
        ))
        aliases.extend(AliasInput(person=person, given_name=given, family_name=family, kind=kind)
                       for kind, given, family in draft.aliases)
        contacts.extend(ContactInput(person=person, **contact) for contact in draft.contacts)
        for obj in (*h.cases, *h.dispositions, *h.custody, *h.supervision):
            link(obj, "person", person)
        batch.cases.extend(h.cases)
        batch.charges.extend(h.charges)
        batch.dispositions.extend(h.dispositions)
        batch.custody_episodes.extend(h.custody)
        batch.supervision_periods.extend(h.supervision)
    SyntheticProfile.objects.bulk_create(profiles, batch_size=1000)
    alias_bulk_add(actor=j.actor, rows=aliases)
    contact_bulk_add(actor=j.actor, rows=contacts)
    justice_bulk_create(actor=j.actor, records=batch)
