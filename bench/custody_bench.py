"""Custody benchmark: the occupancy dashboard for all facilities, with 100,000 synthetic persons.

Run: .venv/bin/python bench/custody_bench.py [--persons 100000] [--samples 50] [--data-dir DIR]

Builds a synthetic jurisdiction (``reintegra synth --persons N``) in a fresh SQLite database in a
temporary directory (or reuses ``--data-dir``, which must hold one already; new migrations are
applied), then times, through the whole Django stack (test client, logged-in analyst with the second
factor passed), the dashboard ``/custody/`` on today and on a date a year ago, the occupancy API and
one facility's page with its 12-month series; and the selector alone.
Target: the dashboard for all facilities under 300 ms (issue #5).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--data-dir", default="", help="reuse a database that already holds synthetic data")
    args = parser.parse_args()
    if args.data_dir:
        os.environ.update(
            REINTEGRA_DATA_DIR=args.data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings",
            REINTEGRA_ALLOWED_HOSTS="testserver,localhost", REINTEGRA_SECURE_COOKIES="0",
        )
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        data_dir = args.data_dir
    else:
        from benchlib import django_in_temp_dir

        data_dir = django_in_temp_dir("reintegra-custody-bench-")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchlib import summary
    from reintegra.accounts.choices import OrganisationKind, Role
    from reintegra.accounts.models import Membership, Organisation, User
    from reintegra.custody import selectors
    from reintegra.justice.models import CustodyEpisode
    from reintegra.people.models import Person

    started = time.perf_counter()
    if not args.data_dir:
        call_command("synth", persons=args.persons, quiet=True)
    built = time.perf_counter() - started
    facilities = Organisation.objects.filter(kind=OrganisationKind.PRISON).count()
    print(f"database: SQLite in {data_dir}: {Person.objects.count():,} persons, {CustodyEpisode.objects.count():,} "
          f"custody episodes, {facilities} facilities (built in {built:.0f} s)")

    analyst, _created = User.objects.get_or_create(username="custody-bench-analyst")
    Membership.objects.get_or_create(user=analyst, organisation=Organisation.objects.filter(
        kind=OrganisationKind.PRISON).first(), role=Role.ANALYST)
    client = Client()
    client.force_login(analyst)
    session = client.session
    try:
        from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

        session[TWO_FACTOR_KEY] = True
    except ImportError:
        pass
    session.save()

    today = timezone.localdate()
    report = selectors.occupancy_on(user=User.objects.get(pk=analyst.pk), on=today)
    print(f"today: {report.national.held.total:,} held, national occupancy "
          f"{report.national.occupancy_pct or 0:.1f} %, unsentenced {report.national.held.unsentenced_pct or 0:.1f} %, "
          f"{sum(f.overcrowded for f in report.facilities)} facilities overcrowded")
    busiest = max(report.facilities, key=lambda f: f.held.total)

    def page(url: str, label: str) -> None:
        client.get(url)  # warm: templates compiled, caches filled
        timings, queries = [], []
        for _i in range(args.samples):
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - begun)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(captured))
        print(summary(label, timings, queries, width=34))

    def selector() -> None:
        timings, queries = [], []
        for _i in range(args.samples):
            user = User.objects.get(pk=analyst.pk)  # fresh: no rights cached, like a request
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                selectors.occupancy_on(user=user, on=today)
                timings.append(time.perf_counter() - begun)
            queries.append(len(captured))
        print(summary("selector occupancy_on", timings, queries, width=34))

    selector()
    page("/custody/", "dashboard /custody/ (today)")
    page(f"/custody/?on={(today - dt.timedelta(days=365)).isoformat()}", "dashboard a year ago")
    page("/api/custody/occupancy/", "API /api/custody/occupancy/")
    page(f"/custody/facilities/{busiest.facility_id}/", "facility page (12-month series)")
    print("target: the dashboard for all facilities under 300 ms")


if __name__ == "__main__":
    main()
