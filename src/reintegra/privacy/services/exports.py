"""Audited exports: the subject access report and the analyst's de-identified extract."""
from __future__ import annotations

import csv
import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.template.loader import render_to_string

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.models import Person
from reintegra.privacy import extract, subject


@transaction.atomic
def subject_access_produce(*, actor: Any, person: Person, source_ip: str | None = None,
                           purpose: str = "subject access request") -> dict[str, Any]:
    """Everything held about ``person`` (``privacy.subject``), as JSON-ready data.

    Producing it is audited (EXPORT) first, so the report's own audit section lists this export too.
    """
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type="privacy.subject_access", object_id=person.pk,
        person_id=person.pk, fields=[section.key for section in subject.registered_sections()],
        purpose=purpose, source_ip=source_ip,
    )
    return subject.collect(person)


def subject_access_html(report: dict[str, Any]) -> str:
    """A standalone, printable HTML document of the report (no styles or scripts inside)."""
    return render_to_string("privacy/subject_access_document.html", {"report": report})


@transaction.atomic
def extract_export(*, actor: Any, out: TextIO, on: dt.date | None = None, source_ip: str | None = None) -> int:
    """Write the de-identified extract as CSV to ``out``; audited (EXPORT) with the row count.
    Returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=extract.COLUMNS)
    writer.writeheader()
    count = 0
    for values in extract.extract_rows(on=on):
        writer.writerow(values)
        count += 1
    audit_record(
        actor=actor, action=AuditAction.EXPORT, object_type="privacy.extract", fields=extract.COLUMNS,
        source_ip=source_ip, detail={"rows": count},
    )
    return count
