"""``reintegra subject_access <person id> [--json FILE] [--html FILE]`` (alias ``subject-access``).

Everything held about one person: JSON (to stdout unless --json) and a printable HTML summary.
Producing the report is audited (EXPORT).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reintegra.people.models import Person
from reintegra.privacy.management.commands._actor import resolve_actor
from reintegra.privacy.services import subject_access_html, subject_access_produce


class Command(BaseCommand):
    help = "Produce a subject access report: everything held about one person (JSON and HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--json", dest="json_path", help="Write the JSON report to this file.")
        parser.add_argument("--html", dest="html_path", help="Write the printable HTML summary to this file.")
        parser.add_argument("--actor", help="Username the audit log records as producing the report.")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"No person with id {options['person_id']}.")
        report = subject_access_produce(actor=resolve_actor(options.get("actor")), person=person)
        text = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False)
        if options.get("json_path"):
            Path(options["json_path"]).write_text(text, encoding="utf-8")
        if options.get("html_path"):
            Path(options["html_path"]).write_text(subject_access_html(report), encoding="utf-8")
        if not options.get("json_path") and not options.get("html_path"):
            self.stdout.write(text)
        counts = ", ".join(f"{s['key']}={len(s['rows'])}" for s in report["sections"])
        self.stderr.write(f"Subject access report for person {person.pk}: {counts}")
