"""Supervision benchmark: an officer's caseload page (60 people with due dates) with 100,000 persons
and 5,000,000 supervision contacts.

Run: .venv/bin/python bench/supervision_bench.py [--persons 100000] [--contacts 5000000] [--caseload 60]
     [--samples 200] [--seed 11] [--data-dir DIR]

Builds a synthetic jurisdiction (``reintegra synth --persons N``) in a fresh SQLite database in a
temporary directory, or uses ``--data-dir`` (built there when it holds no database yet, reused as it
is when it does: copy a prepared database there rather than pointing at one you want to keep).
Then, once per database:
- gives one probation officer (``supervision-bench-officer``, at a new office) a caseload of
  ``--caseload`` open probation periods (through ``justice.services.supervision_start``) with a
  level each (``supervision.services.levels.level_set``: from the assessment band where there is
  one, else a chosen level with its reason);
- tops the supervision contacts up to ``--contacts`` rows by **bulk insert**
  (``core.bulkinsert.insert_tuples``, not the ``contact_record`` service: five million audited
  service calls would take hours and measure the writes, not the page). The caseload's periods get
  one contact every 3 to 21 days since they started, so some are overdue; the rest are spread over
  every other supervision period of the synthetic population, dated within each period.
Finally it times ``GET /supervision/caseload/`` (Django test client, the officer logged in, whole
stack: middleware, policy, selector, template) ``--samples`` times after one warm-up request, and
prints the median, the 95th percentile and the SQL queries per page, then the same for the
overdue filter and the API (``/api/supervision/caseload/``). Target: under 150 ms median (issue #6).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

OFFICER = "supervision-bench-officer"
CHUNK = 200_000


def _setup(data_dir: str) -> tuple[str, bool]:
    """Django on the SQLite database in ``data_dir`` (a new temporary one without it); whether it held data."""
    if not data_dir:
        from benchlib import django_in_temp_dir

        return django_in_temp_dir("reintegra-supervision-bench-"), False
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    existed = (Path(data_dir) / "reintegra.sqlite3").exists()
    os.environ.update(
        REINTEGRA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings",
        REINTEGRA_ALLOWED_HOSTS="testserver,localhost", REINTEGRA_SECURE_COOKIES="0",
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    return data_dir, existed


def _caseload(size: int, rng: random.Random) -> Any:
    """The bench officer (created once) with ``size`` open probation periods, each with a level."""
    from django.core.exceptions import ValidationError
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from reintegra.accounts.choices import OrganisationKind, Role
    from reintegra.accounts.models import Membership, Organisation, User
    from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
    from reintegra.justice.services import supervision_start
    from reintegra.people.models import Person
    from reintegra.supervision.services.levels import level_set

    officer, created = User.objects.get_or_create(username=OFFICER, defaults={"first_name": "Bench",
                                                                             "last_name": "Officer"})
    if not created:
        return officer
    office = Organisation.objects.create(name="Supervision bench office", kind=OrganisationKind.PROBATION_OFFICE)
    Membership.objects.create(user=officer, organisation=office, role=Role.PROBATION_OFFICER)
    today = timezone.localdate()
    busy = SupervisionPeriod.objects.filter(person_id=OuterRef("pk"), kind="probation", voided_at__isnull=True)
    held = CustodyEpisode.objects.filter(person_id=OuterRef("pk"), released_on__isnull=True, voided_at__isnull=True)
    free = list(Person.objects.filter(voided_at__isnull=True, merged_into__isnull=True)
                .exclude(Exists(busy)).exclude(Exists(held)).values_list("pk", flat=True)[:size * 20])
    levels = ("intensive", "high", "medium", "low")
    for index, pk in enumerate(rng.sample(free, size)):
        person = Person.objects.get(pk=pk)
        period = supervision_start(actor=officer, person=person, kind="probation", office=office, officer=officer,
                                   starts_on=today - dt.timedelta(days=rng.randint(60, 900)))
        officer = User.objects.get(pk=officer.pk)  # fresh: the new period is in its scope now
        try:
            level_set(actor=officer, period=period)
        except ValidationError:  # no assessment with a band: choose a level, with the reason
            level_set(actor=officer, period=period, level=levels[index % 4], override_reason="Bench: not yet assessed.")
    return officer


def _contacts(target: int, officer: Any, rng: random.Random) -> tuple[int, float]:
    """Top the contacts up to ``target`` rows by bulk insert; (rows added, seconds)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reintegra.core.bulkinsert import insert_tuples
    from reintegra.justice.models import SupervisionPeriod
    from reintegra.supervision.models import SupervisionContact

    missing = target - SupervisionContact.objects.count()
    if missing <= 0:
        return 0, 0.0
    begun = time.perf_counter()
    with connection.cursor() as cursor:  # a 1 GB page cache for the inserts (the indexes outgrow the default)
        cursor.execute("PRAGMA cache_size=-1000000")
    today, now = timezone.localdate(), timezone.now()
    periods = list(SupervisionPeriod.objects.filter(voided_at__isnull=True, starts_on__lte=today)
                   .values_list("pk", "person_id", "starts_on", "ended_on", "officer_id"))
    fields = ("period", "person", "contact_type", "occurred_on", "attendance", "note", "held_by", "recorded_by",
              "created_at", "updated_at", "void_reason")
    types, attendance = ("office", "office", "home_visit", "phone", "video"), ("attended",) * 8 + ("missed", "excused")
    rows: list[tuple[Any, ...]] = []
    added = 0

    def flush() -> None:
        nonlocal rows, added
        rows.sort(key=lambda row: (row[0], row[3]))  # index order: the B-tree pages are visited once each
        with transaction.atomic():
            added += insert_tuples(SupervisionContact, fields, rows)
        rows = []
        if added % 1_000_000 < CHUNK:
            print(f"  {added:,} contacts inserted ({time.perf_counter() - begun:.0f} s)", flush=True)

    def add(period: tuple[Any, ...], on: dt.date) -> None:
        pk, person_id, _start, _end, held_by = period
        rows.append((pk, person_id, rng.choice(types), on, rng.choice(attendance), "", held_by or officer.pk,
                     officer.pk, now, now, ""))
        if len(rows) >= CHUNK:
            flush()

    mine = [p for p in periods if p[4] == officer.pk]
    if SupervisionContact.objects.filter(period__officer=officer).exists():
        mine = []  # an earlier, interrupted run gave the caseload its contacts already
    for period in mine:  # the caseload: a contact every 3-21 days since the start, the last a while ago
        on = period[2] + dt.timedelta(days=rng.randint(0, 10))
        stop = today - dt.timedelta(days=rng.randint(0, 40))
        while on <= stop and added + len(rows) < missing:
            add(period, on)
            on += dt.timedelta(days=rng.randint(3, 21))
    others = [p for p in periods if p[4] != officer.pk] or periods
    while added + len(rows) < missing:
        period = others[rng.randrange(len(others))]
        last = min(period[3] or today, today)
        span = max((last - period[2]).days, 0)
        add(period, period[2] + dt.timedelta(days=rng.randint(0, span)))
    if rows:
        flush()
    return added, time.perf_counter() - begun


def _measure(client: Any, url: str, samples: int, label: str, marker: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchlib import summary

    assert client.get(url).status_code == 200  # warm-up: templates compiled, caches filled
    timings, queries = [], []
    for _ in range(samples):
        with CaptureQueriesContext(connection) as captured:
            begun = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - begun)
        assert response.status_code == 200 and marker in response.content.decode(), (url, response.status_code)
        queries.append(len(captured))
    print(summary(label, timings, queries, width=30))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=5_000_000)
    parser.add_argument("--caseload", type=int, default=60)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--data-dir", default="", help="build here (or reuse the database already here)")
    args = parser.parse_args()
    data_dir, reuse = _setup(args.data_dir)
    from django.core.management import call_command
    from django.test import Client

    from reintegra.justice.models import SupervisionPeriod
    from reintegra.people.models import Person
    from reintegra.supervision.models import LevelDecision, SupervisionContact

    rng = random.Random(args.seed)
    begun = time.perf_counter()
    if not reuse:
        call_command("synth", persons=args.persons, quiet=True)
    built = time.perf_counter() - begun
    officer = _caseload(args.caseload, rng)
    added, seconds = _contacts(args.contacts, officer, rng)
    open_mine = SupervisionPeriod.objects.filter(officer=officer, ended_on__isnull=True).count()
    print(f"database: SQLite in {data_dir}: {Person.objects.count():,} persons, "
          f"{SupervisionPeriod.objects.count():,} supervision periods, {SupervisionContact.objects.count():,} "
          f"contacts ({added:,} bulk-inserted in {seconds:.0f} s), {LevelDecision.objects.count():,} level decisions "
          f"({'reused' if reuse else f'synth {built:.0f} s'}); caseload of {open_mine} open periods")
    mine = SupervisionContact.objects.filter(period__officer=officer).count()
    print(f"the caseload's periods hold {mine:,} contacts; load average {os.getloadavg()[0]:.1f}")

    client = Client()
    client.force_login(officer)
    session = client.session
    from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

    session[TWO_FACTOR_KEY] = True
    session.save()
    _measure(client, "/supervision/caseload/", args.samples, "caseload page (all, 25 shown)", "data-caseload")
    _measure(client, "/supervision/caseload/?show=overdue", args.samples, "caseload page (overdue)", "data-filter")
    _measure(client, "/api/supervision/caseload/", args.samples, "caseload API (60 rows)", '"next_due_on"')
    print("target: caseload page under 150 ms median")


if __name__ == "__main__":
    main()
