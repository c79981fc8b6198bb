"""``reintegra demo``: a ready-to-use demonstration on this machine."""
from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from reintegra.people.models import Person
from reintegra.synth import jurisdiction
from reintegra.synth.demo import DEMO_SEED, demo_logins_ensure, demo_volunteer_assignments_ensure
from reintegra.synth.facilities import facilities_describe
from reintegra.synth.programmes import catalogue_ensure


class Command(BaseCommand):
    help = (
        "Prepare and serve a demonstration: apply migrations, collect static files, generate a "
        f"synthetic jurisdiction (seed {DEMO_SEED}) if the database holds no people yet, create one "
        "login per role with a published password, print the address and the logins, then run "
        "'reintegra serve'. Running it again reuses the database. For local demonstrations only: "
        "set REINTEGRA_DEMO=1 (as 'make demo' does) and never use it on a database with real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=2500,
                            help="People to generate when the database is empty (default 2500).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--no-serve", action="store_true", help="Prepare and print the logins, but do not serve.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        persons = options["persons"]
        if persons < 1:
            raise CommandError("--persons must be at least 1.")
        generate = not Person.objects.exists()
        with transaction.atomic():
            # The jurisdiction first, then the logins, so the demo probation officer is one of the
            # officers synth assigns supervision periods to: a real caseload.
            j = jurisdiction.ensure(seed=DEMO_SEED, persons=persons)
            # Facility profiles and the programme catalogue also for a demo database made before they existed.
            facilities_describe(j=j, seed=DEMO_SEED)
            catalogue_ensure(j=j, seed=DEMO_SEED, today=timezone.localdate(), count=None)
            logins = demo_logins_ensure()
        if generate:
            if not quiet:
                self.stdout.write(f"Generating a synthetic jurisdiction with {persons} people (seed {DEMO_SEED}) ...")
            call_command("synth", persons=persons, seed=DEMO_SEED, quiet=quiet, stdout=self.stdout,
                         stderr=self.stderr)
        elif not quiet:
            self.stdout.write("The database already holds people: reusing it.")
        demo_volunteer_assignments_ensure()  # the volunteer login sees the people assigned to it
        url = f"http://{'localhost' if options['host'] in ('127.0.0.1', '::1', 'localhost') else options['host']}:{options['port']}/"
        if not quiet:
            self._print(url, logins)
        if options["no_serve"]:
            return
        if "serve" not in get_commands():
            raise CommandError("The 'serve' command is not available in this installation.")
        call_command("serve", host=options["host"], port=options["port"])

    def _print(self, url: str, logins: list[Any]) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Reintegra demo: {url}"))
        if not settings.DEMO_MODE:
            out.write(self.style.WARNING(
                "REINTEGRA_DEMO is not set: secure cookies and a second factor may stop these logins over "
                "plain http. Run as 'REINTEGRA_DEMO=1 reintegra demo' (what 'make demo' does)."
            ))
        out.write("Demo logins (REINTEGRA_DEMO=1: published demo passwords, synthetic people only, localhost only):")
        headers = ("username", "role", "organisation", "password")
        rows = [(x.username, x.role, x.organisation, x.password) for x in logins]
        widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
        line = "  ".join("{:<%d}" % w for w in widths)
        out.write(line.format(*headers).rstrip())
        out.write(line.format(*("-" * w for w in widths)).rstrip())
        for row in rows:
            out.write(line.format(*row).rstrip())
        out.write("")
        sys.stdout.flush()
