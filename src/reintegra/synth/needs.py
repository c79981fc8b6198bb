"""The latest needs assessment of each synthetic person, read back after their batch is written.

The programmes and the case plan of a person follow the band and ranked needs their latest
completed needs assessment found. Those are what the scoring engine stored, so they are read from
the database (one query per batch, the band and two small JSON values per row), not scored again:
scoring costs about 0.2 ms an assessment, 20 s at national scale. ``synth.services`` reads a batch's
assessments at the start of the next batch's transaction, when they are committed and nothing is
queued for that table (a read inside the same batch would wait for every insert queued before it).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.fields.json import KT
from django.utils import timezone

from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment

NEEDS = "reintegra-needs"


@dataclass(frozen=True)
class LatestNeeds:
    """What a person's latest needs assessment found."""

    assessment_id: int
    on: int                       # date ordinal of completion (local date)
    band: str
    needs: tuple[str, ...]        # ranked criminogenic need codes
    strengths: tuple[str, ...]    # strength labels as the result stores them (English)


_LABEL = re.compile(r'"label":\s*("(?:[^"\\]|\\.)*")')


def _json_list(text: str | None) -> list:
    if not text:
        return []
    value = json.loads(text) if isinstance(text, str) else text
    return value if isinstance(value, list) else []


def _labels(text: str | list | None) -> tuple[str, ...]:
    """The ``label`` of each strength. The stored JSON text is scanned rather than parsed (a parse
    of every person's strengths was a tenth of the follow-ups' time); PostgreSQL returns a list."""
    if not text:
        return ()
    if not isinstance(text, str):
        return tuple(str(s.get("label", "")) for s in text if isinstance(s, dict))
    # A JSON string without a backslash is its characters between the quotes: decode only escapes.
    return tuple(json.loads(label) if "\\" in label else label[1:-1] for label in _LABEL.findall(text))


def latest_needs(person_ids: Iterable[int]) -> dict[int, LatestNeeds]:
    """Person id -> their latest completed needs assessment (people without one are left out)."""
    ids = list(person_ids)
    if not ids:
        return {}
    tz = timezone.get_current_timezone()
    rows = (Assessment.objects.filter(person_id__in=ids, status=AssessmentStatus.COMPLETED,
                                      instrument__code=NEEDS, completed_at__isnull=False,
                                      voided_at__isnull=True)
            .order_by("person_id", "completed_at", "pk")
            .values_list("person_id", "pk", "completed_at", "final_band", KT("result__needs"),
                         KT("result__strengths")))
    found: dict[int, LatestNeeds] = {}
    for person_id, pk, completed_at, band, needs, strengths in rows:
        found[person_id] = LatestNeeds(
            assessment_id=pk, on=timezone.localtime(completed_at, tz).date().toordinal(), band=band or "",
            needs=tuple(str(code) for code in _json_list(needs)),
            strengths=_labels(strengths),
        )
    return found
