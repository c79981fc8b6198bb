"""The analyst's de-identified person-level extract.

One row per live person record: a pseudonymised key (``privacy.pseudonym``), age band, sex, proven
offence counts by ICCS section, days in custody, and supervision status. No names, identifiers,
dates of birth, places or free text. Each query runs once for the whole population and is read in
chunks, so the extract scales with the database, not with one query per person.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone

from reintegra.justice.choices import ChargeOutcome
from reintegra.justice.models import Charge, CustodyEpisode, SupervisionPeriod
from reintegra.people.models import Person
from reintegra.privacy.pseudonym import pseudonym, pseudonym_secret

ICCS_SECTIONS = [f"{n:02d}" for n in range(1, 12)]
COLUMNS = ["person_key", "age_band", "sex", *(f"iccs_{s}" for s in ICCS_SECTIONS), "custody_days", "supervision"]
AGE_BANDS = [(0, 17, "under 18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"),
             (55, 64, "55-64"), (65, 200, "65+")]
PROVEN = (ChargeOutcome.CONVICTED, ChargeOutcome.CAUTIONED)


def age_band(date_of_birth: dt.date | None, on: dt.date) -> str:
    if date_of_birth is None:
        return "unknown"
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "unknown"


def extract_rows(*, on: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Rows of the extract (dicts keyed by ``COLUMNS``), ordered by the internal id (not exported)."""
    on = on or timezone.localdate()
    secret = pseudonym_secret()
    offences: dict[int, dict[str, int]] = defaultdict(dict)
    counts = (
        Charge.objects.filter(voided_at__isnull=True, case__voided_at__isnull=True, outcome__in=PROVEN)
        .values_list("case__person_id", Coalesce("offence__iccs_section__code", "offence__code"))
        .annotate(n=Count("id")).order_by()
    )
    for person_id, section, n in counts:
        section = (section or "")[:2]
        offences[person_id][section] = offences[person_id].get(section, 0) + n
    custody: dict[int, int] = defaultdict(int)
    stays = CustodyEpisode.objects.filter(voided_at__isnull=True, admitted_on__lte=on).values_list(
        "person_id", "admitted_on", "released_on")
    for person_id, admitted, released in stays.iterator(chunk_size=5000):
        custody[person_id] += max(0, ((min(released, on) if released else on) - admitted).days)
    supervision: dict[int, str] = {}
    periods = SupervisionPeriod.objects.filter(voided_at__isnull=True, starts_on__lte=on).values_list(
        "person_id", "ended_on")
    for person_id, ended in periods.iterator(chunk_size=5000):
        if ended is None or ended > on:
            supervision[person_id] = "active"
        else:
            supervision.setdefault(person_id, "ended")
    people = Person.objects.filter(voided_at__isnull=True, merged_into__isnull=True).order_by("pk").values_list(
        "pk", "date_of_birth", "sex")
    for pk, date_of_birth, sex in people.iterator(chunk_size=5000):
        by_section = offences.get(pk, {})
        yield {
            "person_key": pseudonym(pk, secret), "age_band": age_band(date_of_birth, on), "sex": sex,
            **{f"iccs_{s}": by_section.get(s, 0) for s in ICCS_SECTIONS},
            "custody_days": custody.get(pk, 0), "supervision": supervision.get(pk, "none"),
        }


__all__ = ["COLUMNS", "age_band", "extract_rows"]
