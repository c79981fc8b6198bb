"""``reintegra audit verify``: check the audit log's hash chain end to end."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from reintegra.audit.models import AuditEvent
from reintegra.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Audit log tools. 'verify' recomputes the hash chain and reports the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Check every entry's hash and its link to the previous entry.")
        verify.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "verify":
            raise CommandError(f"Unknown subcommand {options['subcommand']!r}.")
        total = AuditEvent.objects.count()
        started = time.perf_counter()
        with tqdm(total=total, unit="entries", disable=options["quiet"], desc="Verifying") as bar:
            result = audit_chain_verify(progress=bar.update)
        elapsed = time.perf_counter() - started
        if result.ok:
            self.stdout.write(self.style.SUCCESS(
                f"Audit chain intact: {result.checked:,} entries verified in {elapsed:.1f} s."
            ))
            return
        raise CommandError(
            f"Audit chain BROKEN at entry #{result.first_broken_id}: {result.problem}. "
            f"{result.checked:,} entries before it verified."
        )
