"""Planning benchmark: programme suggestions for one person, with 100,000 persons and 1,000 programmes.

Run: .venv/bin/python bench/planning_bench.py [--persons 100000] [--programmes 1000] [--samples 50]
     [--seed 5] [--data-dir DIR]

Builds a synthetic jurisdiction (``reintegra synth --persons N --programmes M`` when the command
has ``--programmes``, otherwise ``--persons N``) in a fresh SQLite database in a temporary
directory (or reuses ``--data-dir``, which must hold one already), tops the live catalogue up to
``--programmes`` programmes (each with a past, a running and a future cohort) when it holds fewer,
then times ``planning.inputs.suggestions_for`` for ``--samples`` random people with a completed
needs assessment (one call each, after one warm-up call on someone else), and its two parts:
``plan_inputs`` (the person's reads) and ``candidates`` (the catalogue), and the pure ranking.
Target: suggestions for one person under 200 ms (issue #5).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

NEEDS = ["attitudes", "associates", "personality", "family", "school_work", "leisure", "substance"]


def _setup(data_dir: str) -> str:
    if not data_dir:
        from benchlib import django_in_temp_dir

        return django_in_temp_dir("reintegra-planning-bench-")
    os.environ.update(REINTEGRA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


def _synth(persons: int, programmes: int) -> str:
    """Run synth, with ``--programmes`` when the command has it; say which was run."""
    from django.core.management import call_command, load_command_class

    command = load_command_class("reintegra.synth", "synth")
    options = {action.dest for action in command.create_parser("reintegra", "synth")._actions}
    if "programmes" in options:
        call_command("synth", persons=persons, programmes=programmes, quiet=True)
        return f"reintegra synth --persons {persons} --programmes {programmes}"
    call_command("synth", persons=persons, quiet=True)
    return f"reintegra synth --persons {persons}"


def _top_up(target: int, seed: int) -> int:
    """Create programmes (and three cohorts each) until ``target`` live ones exist; how many were made."""
    from django.utils import timezone

    from reintegra.accounts.choices import OrganisationKind
    from reintegra.accounts.models import Organisation
    from reintegra.programmes.choices import DeliverySetting, Intensity, ProgrammeType
    from reintegra.programmes.models import Cohort, Programme

    missing = target - Programme.objects.filter(voided_at__isnull=True).count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    venues = list(Organisation.objects.filter(
        kind__in=[OrganisationKind.PRISON, OrganisationKind.PROBATION_OFFICE]).only("id", "kind"))
    today = timezone.localdate()
    rows = []
    for n in range(missing):
        venue = rng.choice(venues)
        needs = rng.sample(NEEDS, rng.choice([1, 1, 2, 3]))
        rows.append(Programme(
            name=f"Bench programme {n:04d}", type=rng.choice(ProgrammeType.values), targeted_needs=needs,
            hours=rng.choice([10, 24, 40, 60, 100, 150]), sessions=20, weeks=10,
            intensity=rng.choice(Intensity.values),
            risk_bands=rng.choice([[], [], ["moderate", "high", "very_high"], ["high", "very_high"], ["low", "moderate"]]),
            sex_eligibility=rng.choice(["any"] * 8 + ["F", "M"]), gender_responsive=rng.random() < 0.15,
            trauma_informed=rng.random() < 0.2, languages=rng.choice([[], [], ["es"], ["en"], ["es", "en"]]),
            min_literacy=rng.choice(["none", "none", "basic", "functional"]),
            delivery=DeliverySetting.FACILITY if venue.kind == OrganisationKind.PRISON else DeliverySetting.COMMUNITY,
            venue_id=venue.id, provider_id=venue.id, capacity=rng.choice([8, 10, 12, 15]),
        ))
    created = Programme.objects.bulk_create(rows, batch_size=500)
    cohorts = []
    for programme in created:
        for start in (-200, -20, rng.randint(5, 120)):
            starts = today + dt.timedelta(days=start)
            cohorts.append(Cohort(programme=programme, starts_on=starts, ends_on=starts + dt.timedelta(days=70),
                                  capacity=programme.capacity))
    Cohort.objects.bulk_create(cohorts, batch_size=500)
    return missing


def _line(label: str, timings: list[float], extra: str = "") -> str:
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"{label:<28} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
            f"max {ordered[-1] * 1000:7.1f} ms{extra}   (n={len(ordered)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--programmes", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--data-dir", default="", help="reuse a database that already holds synthetic data")
    args = parser.parse_args()
    data_dir = _setup(args.data_dir)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from reintegra.assessments.choices import AssessmentStatus
    from reintegra.assessments.models import Assessment
    from reintegra.people.models import Person
    from reintegra.planning.inputs import candidates, plan_inputs, suggestions_for
    from reintegra.planning.matching import suggest
    from reintegra.programmes.models import Cohort, Programme

    started = time.perf_counter()
    how = "reused"
    if not args.data_dir:
        how = _synth(args.persons, args.programmes)
    built = time.perf_counter() - started
    added = _top_up(args.programmes, args.seed)
    print(f"database: SQLite in {data_dir} ({how}, {built:.0f} s; {added} programmes added by the bench): "
          f"{Person.objects.count():,} persons, {Programme.objects.filter(voided_at__isnull=True).count():,} "
          f"programmes, {Cohort.objects.count():,} cohorts")

    assessed = list(Assessment.objects.filter(status=AssessmentStatus.COMPLETED, voided_at__isnull=True,
                                              instrument__kind="needs")
                    .order_by().values_list("person_id", flat=True).distinct())
    rng = random.Random(args.seed)
    picked = rng.sample(assessed, min(len(assessed), args.samples + 1))
    people = list(Person.objects.filter(pk__in=picked))
    rng.shuffle(people)
    print(f"people with a completed needs assessment: {len(assessed):,}; sampled {len(people) - 1}")
    today = timezone.localdate()
    timings: dict[str, list[float]] = {"suggestions_for": [], "plan_inputs": [], "candidates": [], "suggest": []}
    queries: list[int] = []
    shown: list[int] = []
    with translation.override("en"):
        suggestions_for(person=people[0], on=today)  # warm-up: instrument cache, translations
        for person in people[1:]:
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                groups = suggestions_for(person=person, on=today)
                timings["suggestions_for"].append(time.perf_counter() - begun)
            queries.append(len(captured))
            shown.append(sum(len(g.suggestions) for g in groups))
            # The parts, on the same person.
            begun = time.perf_counter()
            inputs = plan_inputs(person=person, on=today)
            timings["plan_inputs"].append(time.perf_counter() - begun)
            begun = time.perf_counter()
            rows: Any = candidates(on=today, needs=inputs.needs)
            timings["candidates"].append(time.perf_counter() - begun)
            begun = time.perf_counter()
            suggest(needs=inputs.needs, facts=inputs.facts, flags=inputs.flags, candidates=rows, origin=inputs.origin,
                    on=today, need_labels=inputs.need_labels)
            timings["suggest"].append(time.perf_counter() - begun)
    print(_line("suggestions_for (whole)", timings["suggestions_for"],
                f"   SQL queries {min(queries)}-{max(queries)}   suggestions shown {min(shown)}-{max(shown)}"))
    print(_line("  plan_inputs", timings["plan_inputs"]))
    print(_line("  candidates (catalogue)", timings["candidates"]))
    print(_line("  suggest (pure ranking)", timings["suggest"]))
    print("target: suggestions for one person under 200 ms")


if __name__ == "__main__":
    main()
