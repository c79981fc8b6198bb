"""Person page with read auditing on and off: 100,000 persons and 1,000,000 audit entries, then the
server time of the person page with every read written to the hash-chained log, and with read
logging switched off (``REINTEGRA_AUDIT_READS = False``, for this measurement only), in one run;
then ``reintegra audit verify`` over the whole log.

Run: .venv/bin/python bench/person_page_audit_bench.py [--persons 100000] [--entries 1000000] [--samples 300]
Target: the median with auditing on within 10% of the median with it off; verify under 30 s.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import django_in_temp_dir, summary  # noqa: E402
from people_bench import GIVEN, _family  # noqa: E402 - the same synthetic names as the people benchmark



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300, help="page requests in each mode")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    data_dir = django_in_temp_dir("reintegra-audit-page-bench-")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reintegra.accounts.choices import OrganisationKind, Role
    from reintegra.accounts.models import Membership, Organisation, User
    from reintegra.audit.choices import AuditAction, ReadPurpose
    from reintegra.audit.models import AuditEvent
    from reintegra.audit.services import AuditEntry, audit_bulk_append
    from reintegra.audit.web import SESSION_KEY
    from reintegra.people.choices import IdentifierKind, Sex
    from reintegra.people.models import Person, TimelineEvent
    from reintegra.people.services import PersonInput, person_bulk_create, timeline_record_many

    rng = random.Random(args.seed)
    organisation = Organisation.objects.create(kind=OrganisationKind.PRISON, name="Bench prison", code="bench")
    user = User.objects.create_user(username="bench", password="bench-password-123")
    Membership.objects.create(user=user, organisation=organisation, role=Role.PRISON_CASE_MANAGER)
    readers = []
    for n in range(50):
        reader = User.objects.create_user(username=f"reader{n}", password="bench-password-123")
        Membership.objects.create(user=reader, organisation=organisation, role=Role.PROBATION_OFFICER)
        readers.append(reader)

    started = time.perf_counter()
    for offset in range(0, args.persons, 5000):
        rows = [
            PersonInput(
                given_name=rng.choice(GIVEN), family_name=_family(rng),
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000)),
                sex=rng.choice([Sex.MALE, Sex.FEMALE]), identifiers=[(IdentifierKind.NATIONAL_ID, f"N{n:08d}")],
            )
            for n in range(offset, min(offset + 5000, args.persons))
        ]
        persons = person_bulk_create(actor=user, rows=rows)
        timeline_record_many([
            TimelineEvent(person=person, kind="person.updated", occurred_on=dt.date(2020, 1, 1) + dt.timedelta(days=k * 90),
                          source_app="people", params={"fields": ["nationality"]})
            for person in persons for k in range(3)
        ])
    persons_seconds = time.perf_counter() - started

    person_ids = list(Person.objects.values_list("pk", flat=True))
    purposes = [value for value in ReadPurpose.values if value != ReadPurpose.OTHER]
    now = timezone.now()
    existing = AuditEvent.objects.count()

    def history() -> Iterator[AuditEntry]:
        """Reads spread over two years, as a busy service would have logged them."""
        for n in range(args.entries - existing):
            reader = readers[n % len(readers)]
            person_id = rng.choice(person_ids)
            yield AuditEntry(
                action=AuditAction.READ, actor_id=reader.pk, actor_username=reader.username, object_type="person",
                object_id=str(person_id), person_id=person_id, fields=("identity", "identifiers", "timeline"),
                purpose=rng.choice(purposes), source_ip="10.1.2.3",
                occurred_at=now - dt.timedelta(seconds=(args.entries - n) * 60),
            )

    started = time.perf_counter()
    with connection.cursor() as cursor:  # a larger page cache for the load only (connections end per request)
        cursor.execute("PRAGMA cache_size = -262144")
    entries = history()
    while True:  # one transaction per 50,000 entries, each chained on from the last, so the WAL can checkpoint
        chunk = list(itertools.islice(entries, 50_000))
        if not chunk:
            break
        audit_bulk_append(entries=chunk, batch_size=10_000)
    entries_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    samples = rng.sample(person_ids, min(args.samples, len(person_ids)))
    session = client.session
    try:  # a staff session that has passed the second factor, as after a real login
        from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

        session[TWO_FACTOR_KEY] = True
    except ImportError:
        pass
    # The purpose is asked once per person per session outside one's caseload; answer it up front for
    # the sampled people so both modes render the record itself (same session in both modes).
    session[SESSION_KEY] = {str(pk): ReadPurpose.CASE_MANAGEMENT.value for pk in samples}
    session.save()

    def get(person_id: int) -> tuple[float, int]:
        connection.queries_log.clear()  # the log keeps 9,000 queries; a full log would count 0 per page
        with CaptureQueriesContext(connection) as queries:
            begun = time.perf_counter()
            response = client.get(f"/people/{person_id}/")
            elapsed = time.perf_counter() - begun
        body = response.content.decode()
        assert response.status_code == 200 and "Why are you opening this record?" not in body, person_id
        return elapsed, len(queries)

    for person_id in samples[:10]:  # warm-up in both modes
        for flag in (True, False):
            settings.REINTEGRA_AUDIT_READS = flag
            get(person_id)

    timings: dict[bool, list[float]] = {True: [], False: []}
    counts: dict[bool, list[int]] = {True: [], False: []}
    reads_before = AuditEvent.objects.count()
    for index, person_id in enumerate(samples):
        # Alternate which mode goes first, so caching and machine drift hit both modes alike.
        for flag in ((True, False) if index % 2 == 0 else (False, True)):
            settings.REINTEGRA_AUDIT_READS = flag
            elapsed, queries = get(person_id)
            timings[flag].append(elapsed)
            counts[flag].append(queries)
    settings.REINTEGRA_AUDIT_READS = True
    written = AuditEvent.objects.count() - reads_before

    total = AuditEvent.objects.count()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    verify = subprocess.run(
        [str(Path(sys.executable).with_name("reintegra")), "audit", "verify", "--quiet"],
        capture_output=True, text=True, env=os.environ.copy(), check=False,
    )
    verify_seconds = time.perf_counter() - started
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    verify_cpu = (children_after.ru_utime - children_before.ru_utime) + (children_after.ru_stime - children_before.ru_stime)

    on, off = statistics.median(timings[True]), statistics.median(timings[False])
    print(f"database: SQLite in {data_dir}")
    print(f"loaded {Person.objects.count():,} persons in {persons_seconds:.1f} s; "
          f"{args.entries - existing:,} audit entries appended in {entries_seconds:.1f} s "
          f"({total:,} in the log after the run)")
    print(summary("person page, read auditing ON", timings[True], counts[True], width=34))
    print(summary("person page, read auditing OFF", timings[False], counts[False], width=34))
    print(f"audit entries written by the {len(samples)} audited page reads: {written}")
    print(f"median with auditing on is {100 * (on - off) / off:+.1f}% of the median with it off "
          f"(target: within +10%)")
    print(f"reintegra audit verify: {verify.stdout.strip() or verify.stderr.strip()} "
          f"(wall time with process start {verify_seconds:.1f} s, CPU time {verify_cpu:.1f} s; target under 30 s)")
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{value:.1f}" for value in os.getloadavg())
          + f" on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
