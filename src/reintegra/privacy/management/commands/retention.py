"""``reintegra retention --dry-run`` | ``--apply --yes`` | ``--add-rule NAME --years N``.

The dry run lists what each active rule would pseudonymise (ids and counts only, never names) and
changes nothing. Applying is irreversible, so it refuses to run without ``--yes``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reintegra.privacy.management.commands._actor import resolve_actor
from reintegra.privacy.selectors import retention_preview, retention_rule_list
from reintegra.privacy.services import retention_apply, retention_rule_create


class Command(BaseCommand):
    help = "Apply the retention rules: list what they select (--dry-run) or pseudonymise it (--apply --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="List what would be pseudonymised; change nothing.")
        mode.add_argument("--apply", action="store_true", help="Pseudonymise (irreversible; needs --yes).")
        mode.add_argument("--add-rule", metavar="NAME", help="Add a retention rule (with --years).")
        parser.add_argument("--years", type=int, help="Years after the last episode ended (for --add-rule).")
        parser.add_argument("--yes", action="store_true", help="Confirm an irreversible --apply.")
        parser.add_argument("--on", type=dt.date.fromisoformat, help="Evaluate the rules as of this date (YYYY-MM-DD).")
        parser.add_argument("--actor", help="Username the audit log records.")
        parser.add_argument("--limit", type=int, default=50, help="Ids to list per rule in a dry run (default 50).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("add_rule"):
            try:
                rule = retention_rule_create(actor=resolve_actor(options.get("actor")), name=options["add_rule"],
                                             years_after_last_episode=options.get("years") or 0)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stdout.write(f"Added retention rule {rule.pk}: {rule.years_after_last_episode} years.")
            return
        if not options["dry_run"] and not options["apply"]:
            raise CommandError("Say what to do: --dry-run lists what the rules select; --apply --yes pseudonymises it.")
        rules = list(retention_rule_list(user=None, active_only=True))
        if not rules:
            self.stdout.write("No active retention rules. Add one with --add-rule NAME --years N (or in the admin).")
            return
        if options["dry_run"]:
            for preview in retention_preview(rules=rules, on=options.get("on"), limit=options["limit"]):
                ids = " ".join(str(pk) for pk in preview.person_ids)
                more = " ..." if preview.count > len(preview.person_ids) else ""
                self.stdout.write(
                    f"rule {preview.rule.pk} ({preview.rule.years_after_last_episode} years): "
                    f"{preview.count} people would be pseudonymised{': ' + ids + more if ids else ''}"
                )
            self.stdout.write("Dry run: nothing was changed.")
            return
        if not options["yes"]:
            raise CommandError(
                "Pseudonymisation is irreversible: names, aliases, contacts, identifiers and notes are replaced "
                "and dates of birth cut to the year. Run --dry-run first, then repeat with --apply --yes."
            )
        done = retention_apply(actor=resolve_actor(options.get("actor")), rules=rules, on=options.get("on"))
        for rule_id, person_ids in done.items():
            self.stdout.write(f"rule {rule_id}: pseudonymised {len(person_ids)} people")
        total = sum(len(ids) for ids in done.values())
        self.stdout.write(f"Done: {total} people pseudonymised; each is in the audit log." if total
                          else "Done: nothing was due.")
