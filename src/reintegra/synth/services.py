"""Writing a synthetic jurisdiction: the run, in batches, through the people and justice services.

``synth_run`` is the one entry point. For each batch it draws people (``people``), their
histories (``history``, which draws the latent risk through ``outcomes``) in ``batches``, then
writes persons with ``people.services.person_bulk_create``, the ground truth as ``SyntheticProfile``
rows, aliases and contacts with ``alias_bulk_add`` / ``contact_bulk_add``, and the justice record with
``justice.services.justice_bulk_create``, then the completed assessments answered from each person's
latent needs (``synth.assessments``, through ``assessments.services.assessment_bulk_create``), all in one
transaction per batch.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.bulkinsert import insert_instances, pipelined
from reintegra.justice.services import justice_bulk_create
from reintegra.people.services import AliasInput, ContactInput, alias_bulk_add, contact_bulk_add, person_bulk_create
from reintegra.synth import jurisdiction
from reintegra.synth.assessments import assessments_write
from reintegra.synth.followups import Context, Written, followups_load, followups_write
from reintegra.synth.batches import DrawnBatch, draw_batch
from reintegra.synth.facilities import facilities_describe
from reintegra.synth.instances import InstanceMaker
from reintegra.synth.measures import measures_write
from reintegra.synth.models import DOMAIN_FIELDS, SynthRun, SyntheticProfile
from reintegra.synth.programmes import catalogue_ensure
from reintegra.synth.selectors import two_year_reoffending
from reintegra.synth.volunteers import volunteers_ensure

logger = logging.getLogger(__name__)

GENERATOR_VERSION = "1.0"
DEFAULT_BATCH = 2000
MAX_PERSONS = 2_000_000
MAX_PROGRAMMES = 20_000
SQLITE_CACHE_KIB = 256 * 1024
COLLECT_EVERY = 4  # batches between garbage collections (_batch_gc)

Progress = Callable[[int], None]


def synthetic_data_present() -> bool:
    return SynthRun.objects.exists() or SyntheticProfile.objects.exists()


def _check(*, persons: int, today: dt.date, append: bool, programmes: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if persons < 1 or persons > MAX_PERSONS:
        errors["persons"] = [_("Give a number of persons between 1 and %(max)s.") % {"max": MAX_PERSONS}]
    if programmes is not None and not 1 <= programmes <= MAX_PROGRAMMES:
        errors["programmes"] = [_("Give a number of programmes between 1 and %(max)s.") % {"max": MAX_PROGRAMMES}]
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
    batch_size: int = DEFAULT_BATCH, progress: Progress | None = None, programmes: int | None = None,
) -> SynthRun:
    """Generate ``persons`` synthetic people (and the jurisdiction, on first use).

    Deterministic: the same seed, count, reference date and batch size on a fresh database give
    the same content. Refuses to run into a database that already holds synthetic data unless
    ``append``. Each batch is one transaction; returns the finished ``SynthRun`` with the
    realised two-year proven-reoffending figures. ``programmes`` is the size of the programme
    catalogue created with the jurisdiction (default: every venue's usual offer, about 390).
    """
    today = today or timezone.localdate()
    _check(persons=persons, today=today, append=append, programmes=programmes)
    _tune_connection()
    with transaction.atomic():
        j = jurisdiction.ensure(seed=seed, persons=persons)
        facilities_describe(j=j, seed=seed)
        catalogue_ensure(j=j, seed=seed, today=today, count=programmes)
        volunteers_ensure(j=j, seed=seed, today=today)
        context = followups_load(j)
        run_number = SynthRun.objects.count()
        first_index = (SyntheticProfile.objects.aggregate(m=Max("index"))["m"] or -1) + 1
        run = SynthRun.objects.create(
            seed=seed, persons=persons, today=today, generator_version=GENERATOR_VERSION, append=append,
            first_index=first_index,
        )
    logger.debug("synth run %s: %s persons, seed %s", run.pk, persons, seed)

    def draw(batch_no: int) -> DrawnBatch | None:
        start = batch_no * batch_size
        if start >= persons:
            return None
        return draw_batch(j=j, seed=seed, run_number=run_number, batch_no=batch_no, first_index=first_index + start,
                          count=min(batch_size, persons - start), today=today.toordinal())

    batch_no = 0
    written: list[Written] = []
    with _batch_gc() as collect:
        drawn = draw(0)
        while drawn is not None:
            count = len(drawn.rows)
            # The next batch is drawn (no database) while this one's inserts finish on the writer thread.
            following = _write_batch(run=run, j=j, context=context, written=written, drawn=drawn,
                                     draw_next=lambda: draw(batch_no + 1))
            del drawn
            collect()  # garbage cycles, if any, every few batches (automatic collection is off: _batch_gc)
            drawn = following
            batch_no += 1
            if progress is not None:
                progress(count)
        _write_batch(run=run, j=j, context=context, written=written, drawn=None)
    measures_write(run=run, j=j, persons=persons)
    cohort, reoffenders = two_year_reoffending(today=today, run=run)
    run.cohort_size, run.reoffenders, run.finished_at = cohort, reoffenders, timezone.now()
    run.save(update_fields=["cohort_size", "reoffenders", "finished_at"])
    _analyze()
    return run


def _analyze() -> None:
    """Refresh the query planner's statistics after loading a jurisdiction.

    SQLite keeps no statistics until ``ANALYZE`` runs; without them it picks poor plans for the
    scoped lists (a probation officer's eligibility flags took 15 s instead of 0.5 s on 100,000
    people). A sampled analysis (``analysis_limit``) takes seconds even at national scale.
    PostgreSQL's autovacuum would get there eventually; analysing now makes the first pages fast.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


def _tune_connection() -> None:
    """Give SQLite a page cache that holds the indexes being appended to.

    The default cache is 2 MB; at national scale every index insert then re-reads pages from the
    operating system. 256 MB (a per-connection setting, only for this run) keeps them in memory.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


@contextmanager
def _batch_gc() -> Iterator[Callable[[], None]]:
    """Collect cyclic garbage once per batch instead of whenever allocations pile up.

    A batch allocates millions of short-lived objects (instances, rows, tuples) that reference
    counting frees; the automatic collector nevertheless ran full collections over the whole heap
    (Django, the jurisdiction and the batch in hand) about every other batch: a fifth of the CPU
    time of a run. Objects alive at the start are frozen (``gc.freeze``: the per-batch collection
    then skips Django's and the jurisdiction's objects), automatic collection is off during the
    batches, and the caller collects between batches (see below).
    Both settings are restored afterwards (a caller that froze objects itself keeps its freeze).

    The per-batch ``collect`` it yields also freezes what survives the collection (the batch drawn
    next and the written batch kept for its follow-ups, about 200,000 objects each, in which the
    collections found no garbage cycles), so each collection goes through only what the batch
    made: keeping a written batch for its follow-ups had doubled the objects every collection
    went through. Frozen objects are still freed when no longer referenced; the freeze is undone
    at the end (only when this context made it: a caller's own freeze is left as it was). It
    collects every ``COLLECT_EVERY`` batches: a collection costs about the same whether it covers
    one batch or several (the objects it goes through are those alive, about two batches), and
    garbage cycles, where there are any, live a few batches instead of one.
    """
    was_enabled = gc.isenabled()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.collect()
        gc.freeze()
    gc.disable()

    calls = 0

    def collect() -> None:
        nonlocal calls
        calls += 1
        if calls % COLLECT_EVERY:
            return
        gc.collect()
        if freeze:
            gc.freeze()

    try:
        yield collect
    finally:
        if calls % COLLECT_EVERY:
            gc.collect()  # the last batches' cycles, if any
        if freeze:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


_profile = InstanceMaker(SyntheticProfile)


@transaction.atomic
def _write_batch(*, run: SynthRun, j: jurisdiction.Jurisdiction, drawn: DrawnBatch | None,
                 draw_next: Callable[[], DrawnBatch | None] = lambda: None, context: Context | None = None,
                 written: list[Written] | None = None) -> DrawnBatch | None:
    """Write one drawn batch in one transaction; returns ``draw_next()``, called while the
    batch's justice inserts are still running on the writer thread (``core.bulkinsert.pipelined``).

    ``written`` holds the previous batch, whose follow-ups (``synth.followups``) are written first
    in this transaction; this batch replaces it there. ``drawn=None`` writes only the follow-ups.
    """
    written = [] if written is None else written
    with pipelined():
        while written:
            batch = written.pop()
            if context is not None:
                followups_write(run=run, j=j, context=context, written=batch)
        if drawn is None:
            return None
        return _write_drawn(run=run, j=j, drawn=drawn, draw_next=draw_next, written=written)


def _write_drawn(*, run: SynthRun, j: jurisdiction.Jurisdiction, drawn: DrawnBatch,
                 draw_next: Callable[[], DrawnBatch | None], written: list[Written]) -> DrawnBatch | None:
    drafts, histories = drawn.drafts, drawn.histories
    persons = person_bulk_create(actor=j.actor, rows=drawn.rows)

    profiles = []
    aliases: list[AliasInput] = []
    contacts: list[ContactInput] = []
    for draft, person, h in zip(drafts, persons, histories):
        profiles.append(_profile(
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
    # The generator's own table: the ground truth, written as it was drawn (no service rules apply).
    insert_instances(SyntheticProfile, profiles)
    alias_bulk_add(actor=j.actor, rows=aliases)
    contact_bulk_add(actor=j.actor, rows=contacts)
    justice_bulk_create(actor=j.actor, records=drawn.justice(persons))
    following = draw_next()
    assessments_write(run=run, j=j, drafts=drafts, persons=persons, histories=histories)
    written.append(Written(drafts=drafts, persons=persons, histories=histories))
    return following
