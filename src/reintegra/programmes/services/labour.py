"""Importing a labour-market table: vacancies per region and trade over a period.

The whole file is checked before anything is written: bad rows produce one ``ValidationError``
listing each row number and field, and nothing is imported. The parser is separate so the import
page can preview the errors.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.programmes.models import LabourDemand

REQUIRED = ("region", "trade", "vacancies", "period")
MAX_ROWS = 50_000


@dataclass(frozen=True)
class LabourRow:
    region: str
    trade: str
    vacancies: int
    period_start: dt.date
    period_end: dt.date


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """A period as ``2026`` (year), ``2026-Q1`` (quarter), ``2026-03`` (month) or
    ``2026-01-01/2026-03-31`` (dates); ``None`` when it is none of these."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if match := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            year, quarter = int(match[1]), int(match[2])
            first = 3 * quarter - 2
            return dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if "/" in text:
            start, end = (dt.date.fromisoformat(part.strip()) for part in text.split("/", 1))
            return (start, end) if end >= start else None
    except ValueError:
        return None
    return None


def _text(csv_file: IO[Any] | bytes | str) -> str:
    data = csv_file if isinstance(csv_file, (bytes, str)) else csv_file.read()
    if isinstance(data, bytes):
        return data.decode("utf-8-sig")
    return data.lstrip("\ufeff")


def labour_demand_parse(csv_file: IO[Any] | bytes | str) -> tuple[list[LabourRow], list[str]]:
    """The rows of a labour-market CSV (header: region, trade or sector, vacancies, period) and a
    message for each problem, naming the row (the header is row 1) and the field."""
    try:
        text = _text(csv_file)
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again.")]
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = ["trade" if name == "sector" else name for name in header]
    missing = [name for name in REQUIRED if name not in reader.fieldnames]
    if missing:
        return [], [_("The header is missing the column(s): %(columns)s.") % {"columns": ", ".join(missing)}]
    rows: list[LabourRow] = []
    errors: list[str] = []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        values = {key: (raw.get(key) or "").strip() for key in REQUIRED}
        if not any(values.values()):
            continue  # blank line
        problems: list[str] = []
        for key in ("region", "trade"):
            if not values[key]:
                problems.append(_("%(field)s is empty") % {"field": key})
            elif len(values[key]) > 100:
                problems.append(_("%(field)s is longer than 100 characters") % {"field": key})
        vacancies = values["vacancies"].replace(",", "").replace(" ", "")
        if not vacancies.isdigit():
            problems.append(_("vacancies must be a whole number of 0 or more"))
        period = parse_period(values["period"])
        if period is None:
            problems.append(_("period must look like 2026, 2026-Q1, 2026-03 or 2026-01-01/2026-03-31"))
        if problems:
            errors.append(_("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(problems)})
            continue
        assert period is not None
        rows.append(LabourRow(values["region"], values["trade"], int(vacancies), period[0], period[1]))
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    return rows, errors


@transaction.atomic
def labour_demand_import(*, csv_file: IO[Any] | bytes | str, actor: Any, source_name: str = "") -> list[LabourDemand]:
    """Import every row of a labour-market CSV, or none: any bad row raises one ``ValidationError``
    (field ``csv_file``) listing each row number and field."""
    rows, errors = labour_demand_parse(csv_file)
    if errors:
        raise ValidationError({"csv_file": errors})
    now = timezone.now()
    name = (source_name or getattr(csv_file, "name", "") or "")[-255:]
    created = LabourDemand.objects.bulk_create([
        LabourDemand(region=row.region, trade=row.trade, vacancies=row.vacancies, period_start=row.period_start,
                     period_end=row.period_end, imported_at=now, source_file=name,
                     imported_by=actor if getattr(actor, "pk", None) else None)
        for row in rows
    ])
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.labourdemand",
                 detail={"rows": len(created), "source_file": name})
    return created
