"""Eligibility benchmark: every eligibility rule over the whole supervised population (and the
custody rules over everyone serving a sentence), with 100,000 synthetic persons.

Run: .venv/bin/python bench/eligibility_bench.py [--persons 100000] [--data-dir DIR] [--contacts 6]
     [--seed 11]

Builds a synthetic jurisdiction (``reintegra synth --persons N``) in a fresh SQLite database in a
temporary directory, or copies the database of ``--data-dir`` (a directory holding one already) to a
temporary directory and works on the copy, so the source is never changed. The rules need levels,
contacts and compliance events; when the database holds none for the open supervision periods the
bench adds them with ``bulk_create`` (documented in bench/README.md): a current level decision per
open period (the level the person's band calls for, one in four a step higher as an override), about
``--contacts`` contacts per period spread over the period's last three years (one in ten missed) and a compliance
event for one period in five (a new arrest for one in fifty), and runs ``ANALYZE`` (a sampled one) on
the copy so SQLite has index statistics. Then it times, after one warm-up:
the facts of every open period (one query) and the supervised rules over them; the custody facts (two
queries) and rules; and the flag list an office's supervisor sees (scoped, reviews read).
Target: all rules over the whole supervised population under 30 s (issue #6).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup(data_dir: str) -> tuple[str, str]:
    if not data_dir:
        from benchlib import django_in_temp_dir

        return django_in_temp_dir("reintegra-eligibility-bench-"), "built"
    work = tempfile.mkdtemp(prefix="reintegra-eligibility-bench-")
    for name in ("reintegra.sqlite3", "reintegra.sqlite3-wal", "secret_key"):
        if (Path(data_dir) / name).exists():
            shutil.copy2(Path(data_dir) / name, Path(work) / name)
    os.environ.update(REINTEGRA_DATA_DIR=work, DJANGO_SETTINGS_MODULE="reintegra.config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return work, f"copied from {data_dir}"


def _top_up(on: dt.date, contacts_per_period: int, seed: int) -> dict[str, int]:
    """Levels, contacts and events for the open periods, when none are there yet."""
    from django.db.models import Q

    from reintegra.accounts.models import User
    from reintegra.justice.models import SupervisionPeriod
    from reintegra.supervision.choices import Attendance, EventKind, Severity, SupervisionLevel
    from reintegra.supervision.eligibility.gather import latest_band, open_on
    from reintegra.supervision.models import ComplianceEvent, LevelDecision, SupervisionContact
    from reintegra.supervision.standards import level_for_band

    periods = SupervisionPeriod.objects.filter(open_on(on, "starts_on", "ended_on"), voided_at__isnull=True)
    added = {"levels": 0, "contacts": 0, "events": 0}
    if LevelDecision.objects.filter(period__in=periods).exists():
        return added
    rng = random.Random(seed)
    actor = User.objects.filter(Q(is_superuser=True) | Q(memberships__isnull=False)).order_by("pk").first()
    rows = list(periods.annotate(band=latest_band()).values_list("pk", "person_id", "officer_id", "starts_on", "band"))
    up = {level: higher for higher, level in zip(SupervisionLevel.values, SupervisionLevel.values[1:])}
    levels, contacts, events = [], [], []
    for pk, person_id, officer_id, starts_on, band in rows:
        derived = level_for_band(band) or SupervisionLevel.MEDIUM
        level = up.get(derived, derived) if rng.random() < 0.25 else derived
        levels.append(LevelDecision(period_id=pk, person_id=person_id, level=level, derived_level=derived if band else "",
                                    band=band or "", override_reason="bench" if level != derived or not band else "",
                                    effective_on=starts_on, decided_by_id=officer_id or actor.pk))
        span = max(1, min((on - starts_on).days, 3 * 365))
        for _ in range(rng.randint(max(0, contacts_per_period - 3), contacts_per_period + 3)):
            day = on - dt.timedelta(days=rng.randint(1, span))
            contacts.append(SupervisionContact(
                period_id=pk, person_id=person_id, contact_type="office", occurred_on=day,
                attendance=Attendance.MISSED if rng.random() < 0.1 else Attendance.ATTENDED,
                held_by_id=officer_id or actor.pk, recorded_by_id=officer_id or actor.pk))
        if len(contacts) >= 50_000:  # written as they come: millions of rows do not fit in memory
            SupervisionContact.objects.bulk_create(contacts, batch_size=2000)
            added["contacts"] += len(contacts)
            contacts = []
        if rng.random() < 0.2:
            day = max(starts_on, on - dt.timedelta(days=rng.randint(1, 720)))
            arrest = rng.random() < 0.1
            events.append(ComplianceEvent(
                period_id=pk, person_id=person_id, occurred_on=day, recorded_by_id=officer_id or actor.pk,
                kind=EventKind.NEW_ARREST if arrest else EventKind.MISSED_APPOINTMENT,
                severity=Severity.SERIOUS if arrest else rng.choice(Severity.values)))
    LevelDecision.objects.bulk_create(levels, batch_size=2000)
    SupervisionContact.objects.bulk_create(contacts, batch_size=2000)
    ComplianceEvent.objects.bulk_create(events, batch_size=2000)
    return {"levels": len(levels), "contacts": added["contacts"] + len(contacts), "events": len(events)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--data-dir", default="", help="copy the database of this directory and work on the copy")
    parser.add_argument("--contacts", type=int, default=6, help="contacts added per open period (when none)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    data_dir, how = _setup(args.data_dir)

    from collections import Counter

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from reintegra.accounts.choices import Role
    from reintegra.accounts.models import Membership
    from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
    from reintegra.people.models import Person
    from reintegra.supervision.eligibility import CUSTODY, SUPERVISED, active_rules, flags_for
    from reintegra.supervision.eligibility.gather import custody_facts, supervised_facts
    from reintegra.supervision.models import SupervisionContact
    from reintegra.supervision.selectors.eligibility import flag_list

    if how == "built":
        begun = time.perf_counter()
        call_command("synth", persons=args.persons, quiet=True)
        how = f"built with reintegra synth --persons {args.persons} in {time.perf_counter() - begun:.0f} s"
    on = timezone.localdate()
    begun = time.perf_counter()
    added = _top_up(on, args.contacts, args.seed)
    with connection.cursor() as cursor:  # planner statistics (see bench/README.md)
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    print(f"database: SQLite in {data_dir} ({how}); {Person.objects.count():,} persons, "
          f"{SupervisionContact.objects.count():,} contacts; added by the bench: {added} "
          f"in {time.perf_counter() - begun:.0f} s")

    def run(population: str) -> tuple[float, int, Counter[str], int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if population == SUPERVISED:
                rows = supervised_facts(SupervisionPeriod.objects.all(), on)
            else:
                rows = custody_facts(CustodyEpisode.objects.all(), on)
            flags = flags_for(rows, active_rules(population))
            elapsed = time.perf_counter() - started
        return elapsed, len(rows), Counter(flag.rule.key for flag in flags), len(captured)

    with translation.override("en"):
        run(CUSTODY)  # warm-up: translations, rule cache
        total = 0.0
        for population in (SUPERVISED, CUSTODY):
            elapsed, size, counts, queries = run(population)
            total += elapsed
            print(f"{population:<10} population {size:>7,}   {elapsed:6.2f} s   SQL queries {queries}   flags "
                  + ", ".join(f"{key} {counts.get(key, 0):,}" for key in active_rules(population)))
        print(f"all rules, both populations: {total:.2f} s   (target: under 30 s for the supervised population)")

        supervisor = (Membership.objects.filter(role__in=[Role.SUPERVISOR, Role.PROBATION_OFFICER], active=True,
                                                organisation__supervision_periods__ended_on__isnull=True)
                      .select_related("user").order_by("pk").first())
        if supervisor is not None:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                items = flag_list(user=supervisor.user, population=SUPERVISED)
                elapsed = time.perf_counter() - started
            print(f"flag list of {supervisor.user.username} ({supervisor.role}): {len(items):,} flags in "
                  f"{elapsed * 1000:.0f} ms, SQL queries {len(captured)}")


if __name__ == "__main__":
    main()
