"""Bulk loading of justice records: how long ``justice_bulk_create`` takes for about a million rows.

Usage: .venv/bin/python bench/justice_bench.py [--persons 100000] [--chunk 10000] [--database-url URL]

Creates a fresh SQLite database in a temporary directory (or uses DATABASE_URL / --database-url),
migrates it, creates the persons with ``people.services.person_bulk_create`` (not timed in the
justice figure), then builds for each person a case with three charges and a two-year custodial
sentence (remand stay, sentenced stay, transfer, conditional release, a licence period), and for
every other person a second case with a charge and a fine: about 10.5 justice rows per person.
Prints rows, seconds and rows per second for the justice rows; history and timeline rows written
alongside are counted too.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=10_000, help="persons per justice_bulk_create call")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="justice-bench-")
    os.environ["REINTEGRA_DATA_DIR"] = data_dir
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.config.settings")
    os.environ.setdefault("REINTEGRA_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from reintegra.accounts.choices import OrganisationKind
    from reintegra.accounts.services import organisation_create
    from reintegra.core.models import RecordVersion
    from reintegra.justice.choices import (
        ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
    )
    from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
    from reintegra.justice.services import JusticeBatch, justice_bulk_create
    from reintegra.people.models import TimelineEvent
    from reintegra.people.services import PersonInput, person_bulk_create

    print(f"database: {connection.vendor} ({args.database_url or data_dir})")
    prisons = [organisation_create(kind=OrganisationKind.PRISON, name=f"Prison {n}", code=f"bench-prison-{n}")
               for n in range(10)]
    offices = [organisation_create(kind=OrganisationKind.PROBATION_OFFICE, name=f"Office {n}", code=f"bench-office-{n}")
               for n in range(10)]
    sections = list(OffenceCategory.objects.filter(is_national=False).order_by("code"))

    started = time.perf_counter()
    persons = []
    for offset in range(0, args.persons, args.chunk):
        rows = [PersonInput(given_name=f"Given{n}", family_name=f"Family{n}", date_of_birth=dt.date(1970, 1, 1)
                            + dt.timedelta(days=n % 12000)) for n in range(offset, min(args.persons, offset + args.chunk))]
        persons.extend(person_bulk_create(actor=None, rows=rows))
    person_seconds = time.perf_counter() - started
    print(f"persons: {len(persons):,} in {person_seconds:.1f} s (setup, not part of the justice figure)")

    def batch_for(chunk: list) -> JusticeBatch:
        batch = JusticeBatch()
        for person in chunk:
            n = person.pk
            base = dt.date(2015, 1, 1) + dt.timedelta(days=n % 1500)
            prison_a, prison_b = prisons[n % 10], prisons[(n + 1) % 10]
            case = Case(person=person, reference=f"C{n}", opened_on=base)
            batch.cases.append(case)
            for k in range(3):
                batch.charges.append(Charge(
                    case=case, offence=sections[(n + k) % 11], offence_date=base - dt.timedelta(days=k),
                    outcome=ChargeOutcome.CONVICTED, outcome_date=base + dt.timedelta(days=60),
                ))
            sentence = Disposition(case=case, kind=DispositionKind.CUSTODIAL, decided_on=base + dt.timedelta(days=60),
                                   term_days=730)
            batch.dispositions.append(sentence)
            sentenced_on = base + dt.timedelta(days=60)
            moved_on = sentenced_on + dt.timedelta(days=100)
            released_on = sentenced_on + dt.timedelta(days=305)
            batch.custody_episodes += [
                CustodyEpisode(person=person, facility=prison_a, kind=CustodyKind.REMAND, case=case, admitted_on=base,
                               released_on=sentenced_on, release_type=ReleaseType.COURT_ORDER),
                CustodyEpisode(person=person, facility=prison_a, kind=CustodyKind.SENTENCED, disposition=sentence,
                               admitted_on=sentenced_on, released_on=moved_on, release_type=ReleaseType.TRANSFER),
                CustodyEpisode(person=person, facility=prison_b, kind=CustodyKind.SENTENCED, disposition=sentence,
                               admitted_on=moved_on, released_on=released_on, release_type=ReleaseType.CONDITIONAL),
            ]
            batch.supervision_periods.append(SupervisionPeriod(
                person=person, kind=SupervisionKind.LICENCE, office=offices[n % 10], disposition=sentence,
                starts_on=released_on, expected_end_on=sentenced_on + dt.timedelta(days=729),
                ended_on=sentenced_on + dt.timedelta(days=729), end_reason=SupervisionEnd.COMPLETED,
            ))
            if n % 2 == 0:
                later = released_on + dt.timedelta(days=800)
                second = Case(person=person, reference=f"D{n}", opened_on=later)
                batch.cases.append(second)
                batch.charges.append(Charge(case=second, offence=sections[4], offence_date=later,
                                            outcome=ChargeOutcome.CONVICTED, outcome_date=later + dt.timedelta(days=30)))
                batch.dispositions.append(Disposition(case=second, kind=DispositionKind.FINE,
                                                      decided_on=later + dt.timedelta(days=30), fine_amount=Decimal("150")))
        return batch

    rows = 0
    build_seconds = 0.0
    load_seconds = 0.0
    load_cpu = 0.0
    for offset in range(0, len(persons), args.chunk):
        t0 = time.perf_counter()
        batch = batch_for(persons[offset:offset + args.chunk])
        t1, c1 = time.perf_counter(), time.process_time()
        justice_bulk_create(actor=None, records=batch)
        t2, c2 = time.perf_counter(), time.process_time()
        load_cpu += c2 - c1
        rows += len(batch)
        build_seconds += t1 - t0
        load_seconds += t2 - t1
    counts = {m.__name__: m.objects.count() for m in (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod)}
    print(f"justice rows: {rows:,} ({', '.join(f'{k} {v:,}' for k, v in counts.items())})")
    print(f"history rows: {RecordVersion.objects.filter(content_type__app_label='justice').count():,}; "
          f"timeline events: {TimelineEvent.objects.filter(source_app='justice').count():,}")
    print(f"building instances: {build_seconds:.1f} s (the caller's work)")
    print(f"justice_bulk_create: {load_seconds:.1f} s, {rows / load_seconds:,.0f} rows/s "
          f"({args.chunk:,} persons per call); CPU time of this process {load_cpu:.1f} s "
          f"(the wall time on an idle machine; more when other work shares the cores)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
