"""Record-scope benchmark: how many people each demo login reaches, and the server time of search
and the person page under record-level scope, on a synthetic jurisdiction.

Run: .venv/bin/python bench/scope_bench.py [--persons 20000] [--samples 50] [--data-dir DIR]
With --data-dir pointing at a database made by 'reintegra demo' it reuses it; otherwise it
generates one (reintegra demo --no-serve) in a temporary directory first.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--data-dir", default="")
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="reintegra-scope-bench-")
    os.environ.update(
        REINTEGRA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings", REINTEGRA_DEMO="1",
        REINTEGRA_ALLOWED_HOSTS="testserver,localhost", REINTEGRA_SECURE_COOKIES="0",
    )
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reintegra.accounts.models import User
    from reintegra.accounts.policy import Level, scope_persons
    from reintegra.audit.web import SESSION_KEY as PURPOSES
    from reintegra.people.models import Person

    started = time.perf_counter()
    if not args.data_dir:
        call_command("demo", persons=args.persons, no_serve=True, verbosity=0)
    prepared = time.perf_counter() - started
    rng = random.Random(7)
    print(f"database: SQLite in {data_dir} ({Person.objects.count():,} persons; prepared in {prepared:.0f} s)")
    print(f"{'login':<18} {'summary+':>8} {'full':>6}  {'search ms (median/p95, queries)':>32}  {'person page ms (median/p95, queries)':>36}")
    for username in ("demo-case-manager", "demo-programme", "demo-probation", "demo-supervisor", "demo-volunteer"):
        user = User.objects.get(username=username)
        visible = list(scope_persons(user, Person.objects.filter(voided_at__isnull=True)).values_list(
            "pk", "family_name"))
        full = scope_persons(User.objects.get(pk=user.pk), Person.objects.all(), level=Level.FULL).count()
        client = Client()
        client.force_login(user)
        session = client.session
        try:
            from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

            session[TWO_FACTOR_KEY] = True
        except ImportError:
            pass
        session[PURPOSES] = {str(pk): "case_management" for pk, _name in visible}
        session.save()

        def measure(urls: list[str]) -> str:
            if not urls:
                return "-"
            timings, counts = [], []
            for url in urls[:3]:
                client.get(url)  # warm-up
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    begun = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                counts.append(len(queries))
            ordered = sorted(timings)
            p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
            return f"{statistics.median(timings):.1f}/{p95:.1f}, {max(counts)}"

        sample = [rng.choice(visible) for _ in range(args.samples)] if visible else []
        search = measure([f"/people/?q={name.split()[0][:4].lower()}" for _pk, name in sample])
        page = measure([f"/people/{pk}/" for pk, _name in sample])
        print(f"{username:<18} {len(visible):>8,} {full:>6,}  {search:>32}  {page:>36}")


if __name__ == "__main__":
    main()
