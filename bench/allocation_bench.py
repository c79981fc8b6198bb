"""Allocation benchmark: ranking every facility for one person, with 100,000 synthetic persons and
1,000 programmes.

Run: .venv/bin/python bench/allocation_bench.py [--persons 100000] [--programmes 1000] [--samples 50]
     [--data-dir DIR]

Builds a synthetic jurisdiction (``reintegra synth --persons N --programmes M``) in a fresh SQLite
database in a temporary directory, or in ``--data-dir`` when that directory holds no database yet
(reused as it is when it does; new migrations are applied). Then, for ``--samples`` people held on
the day (drawn at random from one facility, seed 5), times:
- the selector ``custody.allocation_selectors.allocation_rank`` alone (needs, family, facilities,
  populations, programmes, the scoring);
- the API ``GET /api/custody/allocation/persons/<id>/?required_security=medium`` and the page
  ``/custody/allocation/persons/<id>/?required_security=medium`` through the whole Django stack
  (a prison case manager of that facility, second factor passed; the read is audited).
Target: allocation ranking under 200 ms (issue #5).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _setup(data_dir: str) -> bool:
    """Django on the SQLite database in ``data_dir``; True when it already held data."""
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
    return existed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--programmes", type=int, default=1_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--data-dir", default="", help="build here (or reuse the database already here)")
    args = parser.parse_args()
    if args.data_dir:
        Path(args.data_dir).mkdir(parents=True, exist_ok=True)
        reuse = _setup(args.data_dir)
        data_dir = args.data_dir
    else:
        from benchlib import django_in_temp_dir

        data_dir, reuse = django_in_temp_dir("reintegra-allocation-bench-"), False
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchlib import summary
    from reintegra.accounts.choices import OrganisationKind, Role
    from reintegra.accounts.models import Membership, Organisation, User
    from reintegra.custody.allocation_selectors import allocation_rank
    from reintegra.custody.models import FacilityProfile, UnitStay
    from reintegra.justice.models import CustodyEpisode
    from reintegra.people.models import Contact, Person
    from reintegra.programmes.models import Programme

    started = time.perf_counter()
    if not reuse:
        call_command("synth", persons=args.persons, programmes=args.programmes, quiet=True)
    built = time.perf_counter() - started
    print(f"database: SQLite in {data_dir}: {Person.objects.count():,} persons, "
          f"{Programme.objects.filter(voided_at__isnull=True).count():,} programmes, "
          f"{Organisation.objects.filter(kind=OrganisationKind.PRISON).count()} facilities "
          f"({FacilityProfile.objects.count()} described), {CustodyEpisode.objects.count():,} custody episodes, "
          f"{UnitStay.objects.count():,} unit stays, "
          f"{Contact.objects.filter(latitude__isnull=False).count():,} contacts with coordinates "
          f"({'reused' if reuse else f'built in {built:.0f} s'})")

    today = timezone.localdate()
    held = CustodyEpisode.objects.filter(voided_at__isnull=True, admitted_on__lte=today).exclude(
        released_on__lte=today)
    facility_id = (held.values_list("facility_id", flat=True).order_by("facility_id").distinct().first())
    people = list(held.filter(facility_id=facility_id).values_list("person_id", flat=True))
    sample = random.Random(5).sample(people, min(args.samples, len(people)))
    manager, _created = User.objects.get_or_create(username="allocation-bench-manager")
    Membership.objects.get_or_create(user=manager, organisation_id=facility_id, role=Role.PRISON_CASE_MANAGER)
    client = Client()
    client.force_login(manager)
    session = client.session
    try:
        from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

        session[TWO_FACTOR_KEY] = True
    except ImportError:
        pass
    from reintegra.audit.web import SESSION_KEY as PURPOSES

    # Outside one's own caseload the page asks a purpose first: state it, as the prompt would.
    session[PURPOSES] = {str(pk): "case_management" for pk in sample}
    session.save()
    print(f"{len(sample)} people held in {Organisation.objects.get(pk=facility_id).name} on {today}")

    def selector() -> None:
        timings, queries, ranked = [], [], []
        for pk in sample:
            user = User.objects.get(pk=manager.pk)  # fresh: no rights cached, like a request
            person = Person.objects.get(pk=pk)
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                ranking = allocation_rank(user=user, person=person, required_security="medium", on=today)
                timings.append(time.perf_counter() - begun)
            queries.append(len(captured))
            ranked.append(len(ranking.ranked))
        print(summary("selector allocation_rank", timings, queries, width=34)
              + f"   facilities ranked {min(ranked)}-{max(ranked)}")

    def page(template: str, label: str, marker: str) -> None:
        client.get(template.format(sample[0]))  # warm: templates compiled
        timings, queries = [], []
        for pk in sample:
            url = template.format(pk)
            with CaptureQueriesContext(connection) as captured:
                begun = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - begun)
            assert response.status_code == 200 and marker in response.content.decode(), (url, response.status_code)
            queries.append(len(captured))
        print(summary(label, timings, queries, width=34))

    selector()
    page("/api/custody/allocation/persons/{}/?required_security=medium&purpose=bench", "API ranking", '"criteria"')
    page("/custody/allocation/persons/{}/?required_security=medium", "allocation page", "data-ranking")
    print("target: allocation ranking under 200 ms")


if __name__ == "__main__":
    main()
