"""Net-widening: supervision intensity against assessed risk, for an officer's caseload or an office.

The risk principle says intensity should follow risk; supervising low-risk people intensively can
raise their reoffending and takes officers' time from those who need it. This reads the open
periods of a caseload or office with their current level and the person's latest band (two
subqueries on indexed rows, in one grouped query), cross-tabulates them, and lists the people
supervised well above what their band calls for (low risk at high or intensive level, moderate
risk at intensive level). Scoped: people the user sees at all (a summary shows level and band).

Small numbers: a share is shown only for a row of at least ``MIN_FOR_SHARE`` people (below that
one person swings it by more than ten points); the counts are always shown, since the user may
see the people they are made of anyway.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, Level, require, role_organisations
from reintegra.assessments.choices import Band
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.rules import SUPERVISION_OFFICE_KINDS
from reintegra.supervision.choices import SupervisionLevel
from reintegra.supervision.eligibility.gather import latest_band, open_on
from reintegra.supervision.selectors.eligibility import supervised_population
from reintegra.supervision.selectors.periods import current_level_subquery

MIN_FOR_SHARE = 10
NONE = ""  # not assessed / no level set
# Band -> levels that are well above what it calls for.
OVER_SUPERVISED = {Band.LOW: (SupervisionLevel.HIGH, SupervisionLevel.INTENSIVE),
                   Band.MODERATE: (SupervisionLevel.INTENSIVE,)}
# Band -> levels well below (the other side of the risk principle: too little for high risk).
UNDER_SUPERVISED = {Band.HIGH: (SupervisionLevel.LOW,), Band.VERY_HIGH: (SupervisionLevel.LOW, SupervisionLevel.MEDIUM)}


def _pairs(mapping: dict[str, tuple[str, ...]]) -> Q:
    condition = Q(pk__in=[])
    for band, levels in mapping.items():
        condition |= Q(nw_band=band, nw_level__in=levels)
    return condition


@dataclass
class Cell:
    count: int
    share: float | None
    over: bool
    under: bool


@dataclass
class NetWidening:
    """``rows``: one per band (in order, then not assessed), each a list of cells per level (most
    intensive first, then no level); totals by band and level; how many are over- and under-supervised."""

    bands: list[str]
    levels: list[str]
    rows: list[tuple[str, list[Cell], int]]
    level_totals: list[int]
    total: int
    over_count: int
    under_count: int
    low_total: int
    over_share: float | None


def caseload_periods(*, user: Any, office_id: int | None = None, officer_id: int | None = None,
                     on: dt.date | None = None) -> QuerySet[SupervisionPeriod]:
    """Open periods of people the user may see (of one office or officer), annotated ``nw_band`` and ``nw_level``."""
    require(user, Action.SUPERVISION_VIEW)
    on = on or timezone.localdate()
    rows = supervised_population(user, office_id=office_id, officer_id=officer_id, level=Level.SUMMARY).filter(
        open_on(on, "starts_on", "ended_on"), voided_at__isnull=True)
    return rows.annotate(nw_band=latest_band(), nw_level=current_level_subquery())


def netwidening_table(*, user: Any, office_id: int | None = None, officer_id: int | None = None,
                      on: dt.date | None = None) -> NetWidening:
    """The level-by-band table (one grouped query)."""
    counts: dict[tuple[str, str], int] = {}
    grouped = (caseload_periods(user=user, office_id=office_id, officer_id=officer_id, on=on)
               .order_by().values("nw_band", "nw_level").annotate(n=Count("pk")))
    for row in grouped:
        key = (row["nw_band"] or NONE, row["nw_level"] or NONE)
        counts[key] = counts.get(key, 0) + row["n"]
    bands = [*Band.values, NONE]
    levels = [*SupervisionLevel.values, NONE]
    table = []
    for band in bands:
        total = sum(counts.get((band, level), 0) for level in levels)
        cells = [Cell(count=counts.get((band, level), 0),
                      share=(counts.get((band, level), 0) / total) if total >= MIN_FOR_SHARE else None,
                      over=level in OVER_SUPERVISED.get(band, ()), under=level in UNDER_SUPERVISED.get(band, ()))
                 for level in levels]
        table.append((band, cells, total))
    over = sum(cell.count for _band, cells, _t in table for cell in cells if cell.over)
    under = sum(cell.count for _band, cells, _t in table for cell in cells if cell.under)
    low_total = next(total for band, _cells, total in table if band == Band.LOW)
    low_over = sum(counts.get((Band.LOW, level), 0) for level in OVER_SUPERVISED[Band.LOW])
    return NetWidening(
        bands=bands, levels=levels, rows=table,
        level_totals=[sum(counts.get((band, level), 0) for band in bands) for level in levels],
        total=sum(counts.values()), over_count=over, under_count=under, low_total=low_total,
        over_share=(low_over / low_total) if low_total >= MIN_FOR_SHARE else None,
    )


def over_supervised(*, user: Any, office_id: int | None = None, officer_id: int | None = None,
                    on: dt.date | None = None) -> QuerySet[SupervisionPeriod]:
    """The periods supervised well above what the band calls for, most intensive first (paginate it)."""
    return (caseload_periods(user=user, office_id=office_id, officer_id=officer_id, on=on)
            .filter(_pairs(OVER_SUPERVISED)).select_related("person", "office", "officer")
            .order_by("nw_band", "nw_level", "person__sort_name", "pk"))


def reachable_offices(user: Any) -> list[int]:
    """Ids of the offices (and their sub-offices) where the user supervises: the net-widening view's choices."""
    by_role = role_organisations(user)
    ids = set().union(*(by_role.get(role, frozenset()) for role in (Role.PROBATION_OFFICER, Role.SUPERVISOR)))
    return sorted(Organisation.objects.filter(pk__in=ids, kind__in=SUPERVISION_OFFICE_KINDS).values_list("pk", flat=True))


def reachable_officers(user: Any, on: dt.date | None = None) -> QuerySet[Any]:
    """Ids of the officers holding open periods at those offices (and the user)."""
    on = on or timezone.localdate()
    held = SupervisionPeriod.objects.filter(open_on(on, "starts_on", "ended_on"), voided_at__isnull=True,
                                            office_id__in=reachable_offices(user), officer__isnull=False)
    return get_user_model().objects.filter(Q(pk__in=held.values("officer_id")) | Q(pk=user.pk))


def band_labels() -> dict[str, Any]:
    return {**dict(Band.choices), NONE: _("Not assessed")}
