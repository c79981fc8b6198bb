"""``reintegra extract --out FILE.csv``: the de-identified person-level extract (audited)."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reintegra.privacy.management.commands._actor import resolve_actor
from reintegra.privacy.services import extract_export


class Command(BaseCommand):
    help = "Write the de-identified extract (pseudonymised keys, age bands, offence counts) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="The CSV file to write.")
        parser.add_argument("--actor", help="Username the audit log records.")

    def handle(self, *args: Any, **options: Any) -> None:
        with open(options["out"], "w", encoding="utf-8", newline="") as out:
            count = extract_export(actor=resolve_actor(options.get("actor")), out=out)
        self.stdout.write(f"Wrote {count} rows to {options['out']}.")
