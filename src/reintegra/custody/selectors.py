"""Reads for facilities: occupancy and unsentenced detainees (SDG 16.3.2) on a date, per facility and
nationally, and a facility's occupancy over time. Aggregates only: every figure is a count made by
the database (one ``GROUP BY`` or one row of conditional counts), never a loop over people.

Who is held on a date ``D``: a custody episode that is not voided, of a person who is not voided,
admitted on or before ``D`` and not released on or before ``D`` (released on ``D`` means gone that
day, as in ``justice.selectors``; a transfer ends one stay on ``D`` and starts the next on ``D``, so
the person counts once, at the new facility). One person's stays never overlap.

Unsentenced (SDG 16.3.2): an episode of kind remand. Justice records a stay as sentenced from the
first-instance sentence on, appeal or not, which is the indicator's rule (a non-final decision
counts as sentenced).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, require
from reintegra.custody.models import Unit, UnitStay
from reintegra.justice.choices import CustodyKind
from reintegra.justice.models import CustodyEpisode
from reintegra.people.choices import Sex

MAX_MONTHS = 120


def percentage(part: int, whole: int | None) -> float | None:
    """``part`` x 100 / ``whole``; ``None`` when there is nothing to divide by (no capacity, nobody held)."""
    if not whole:
        return None
    return part * 100 / whole


def _held_on(on: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}admitted_on__lte": on})
            & (Q(**{f"{prefix}released_on__isnull": True}) | Q(**{f"{prefix}released_on__gt": on})))


def _episodes() -> QuerySet[CustodyEpisode]:
    return CustodyEpisode.objects.filter(voided_at__isnull=True, person__voided_at__isnull=True)


def _held_parts(on: dt.date, facility_ids: Any) -> tuple[QuerySet[CustodyEpisode], QuerySet[CustodyEpisode]]:
    """The episodes held on ``on`` in ``facility_ids``, as two querysets: the stays still open and
    those ending after ``on``. Each walks the ``(facility, released_on)`` index from each facility
    (one ``OR`` of the two would read every episode of every facility). A person is counted by
    counting episodes: one person's stays never overlap (justice refuses it)."""
    base = _episodes().filter(facility_id__in=facility_ids, admitted_on__lte=on)
    return base.filter(released_on__isnull=True), base.filter(released_on__gt=on)


def held_counts(*, on: dt.date, facility_ids: list[int]) -> dict[int, int]:
    """People held on ``on`` in each of ``facility_ids`` (absent: nobody). Two queries."""
    counts: dict[int, int] = {}
    for part in _held_parts(on, facility_ids):
        for facility_id, n in part.values_list("facility_id").annotate(n=Count("pk")).order_by():
            counts[facility_id] = counts.get(facility_id, 0) + n
    return counts


@dataclass
class Held:
    """People held, unsentenced among them, each split by sex (intersex and not recorded: ``other``)."""

    total: int = 0
    unsentenced: int = 0
    by_sex: dict[str, list[int]] = field(default_factory=lambda: {"female": [0, 0], "male": [0, 0], "other": [0, 0]})

    def add(self, *, count: int, unsentenced: bool, sex: str) -> None:
        group = {Sex.FEMALE: "female", Sex.MALE: "male"}.get(sex, "other")
        self.total += count
        self.by_sex[group][0] += count
        if unsentenced:
            self.unsentenced += count
            self.by_sex[group][1] += count

    def merge(self, other: Held) -> None:
        self.total += other.total
        self.unsentenced += other.unsentenced
        for group, (count, unsentenced) in other.by_sex.items():
            self.by_sex[group][0] += count
            self.by_sex[group][1] += unsentenced

    @property
    def unsentenced_pct(self) -> float | None:
        """SDG 16.3.2: unsentenced detainees as a percentage of everyone held."""
        return percentage(self.unsentenced, self.total)

    def sex_figures(self) -> dict[str, dict[str, Any]]:
        return {group: {"held": count, "unsentenced": unsentenced, "unsentenced_pct": percentage(unsentenced, count)}
                for group, (count, unsentenced) in self.by_sex.items()}


@dataclass
class FacilityOccupancy:
    facility_id: int
    name: str
    region: str
    capacity: int | None
    capacity_type: str
    held: Held

    @property
    def occupancy_pct(self) -> float | None:
        return percentage(self.held.total, self.capacity)

    @property
    def overcrowded(self) -> bool:
        return self.occupancy_pct is not None and self.occupancy_pct > 100


@dataclass
class NationalOccupancy:
    """Totals over every facility. The occupancy rate counts only facilities with a known capacity
    (their people over their places); the population and SDG 16.3.2 count everyone held."""

    held: Held
    capacity: int
    held_where_capacity_known: int
    facilities_without_capacity: int

    @property
    def occupancy_pct(self) -> float | None:
        return percentage(self.held_where_capacity_known, self.capacity)

    @property
    def overcrowded(self) -> bool:
        return self.occupancy_pct is not None and self.occupancy_pct > 100


@dataclass
class OccupancyReport:
    on: dt.date
    facilities: list[FacilityOccupancy]
    national: NationalOccupancy


def occupancy_on(*, user: Any, on: dt.date | None = None, facility_ids: list[int] | None = None) -> OccupancyReport:
    """Population, official capacity, occupancy and unsentenced share of every facility on ``on``
    (default today), with the national totals. Facilities are the active prisons and any other
    organisation holding someone that day. Three queries after the permission check: the two
    parts of the count (``_held_parts``) and the facilities."""
    require(user, Action.FACILITY_VIEW)
    on = on or timezone.localdate()
    # Every organisation (a subquery, probed on the index like a list): a facility may hold people
    # whatever its kind.
    ids: Any = facility_ids if facility_ids is not None else Organisation.objects.values("pk")
    held: dict[int, Held] = {}
    for part in _held_parts(on, ids):
        for row in part.values("facility_id", "kind", "person__sex").annotate(n=Count("pk")).order_by():
            held.setdefault(row["facility_id"], Held()).add(
                count=row["n"], unsentenced=row["kind"] == CustodyKind.REMAND, sex=row["person__sex"])
    facilities = Organisation.objects.filter(Q(kind=OrganisationKind.PRISON, active=True) | Q(pk__in=list(held)))
    if facility_ids is not None:
        facilities = facilities.filter(pk__in=facility_ids)
    report: list[FacilityOccupancy] = [
        FacilityOccupancy(facility_id=f["pk"], name=f["name"], region=f["region"], capacity=f["official_capacity"],
                          capacity_type=f["facility_profile__capacity_type"] or "", held=held.get(f["pk"], Held()))
        for f in facilities.order_by("name", "pk").values(
            "pk", "name", "region", "official_capacity", "facility_profile__capacity_type")
    ]
    national = Held()
    for facility in report:
        national.merge(facility.held)
    known = [f for f in report if f.capacity]
    return OccupancyReport(on=on, facilities=report, national=NationalOccupancy(
        held=national, capacity=sum(f.capacity or 0 for f in known),
        held_where_capacity_known=sum(f.held.total for f in known),
        facilities_without_capacity=len(report) - len(known),
    ))


def facility_get(*, user: Any, pk: int) -> Organisation:
    """A facility with its profile (if described); ``Organisation.DoesNotExist`` if it is not one."""
    require(user, Action.FACILITY_VIEW)
    return Organisation.objects.select_related("facility_profile").get(pk=pk, kind=OrganisationKind.PRISON)


def unit_list(*, user: Any, facility: Organisation) -> QuerySet[Unit]:
    require(user, Action.FACILITY_VIEW)
    return Unit.objects.filter(facility=facility).order_by("-active", "name")


def month_ends(*, months: int, until: dt.date) -> list[dt.date]:
    """The last day of each of the ``months`` months up to ``until``'s month, the last one being ``until``."""
    dates = []
    year, month = until.year, until.month
    for _i in range(months):
        dates.append(min(dt.date(year, month, calendar.monthrange(year, month)[1]), until))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return dates[::-1]


@dataclass
class SeriesPoint:
    on: dt.date
    held: int
    unsentenced: int
    capacity: int | None

    @property
    def occupancy_pct(self) -> float | None:
        return percentage(self.held, self.capacity)

    @property
    def unsentenced_pct(self) -> float | None:
        return percentage(self.unsentenced, self.held)


def occupancy_series(*, user: Any, facility: Organisation, months: int = 12,
                     until: dt.date | None = None) -> list[SeriesPoint]:
    """People held and unsentenced at the end of each of the last ``months`` months (the current month:
    on ``until``, default today), in one query of conditional counts. The capacity is today's: the
    organisation keeps no history of it."""
    require(user, Action.FACILITY_VIEW)
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be between 1 and {MAX_MONTHS}")
    dates = month_ends(months=months, until=until or timezone.localdate())
    counts: dict[str, Any] = {}
    for i, on in enumerate(dates):
        counts[f"held_{i}"] = Count("person_id", distinct=True, filter=_held_on(on))
        counts[f"remand_{i}"] = Count("person_id", distinct=True, filter=_held_on(on) & Q(kind=CustodyKind.REMAND))
    row = (_episodes().filter(facility=facility, admitted_on__lte=dates[-1])
           .exclude(released_on__lte=dates[0]).aggregate(**counts))
    return [SeriesPoint(on=on, held=row[f"held_{i}"] or 0, unsentenced=row[f"remand_{i}"] or 0,
                        capacity=facility.official_capacity) for i, on in enumerate(dates)]


# --- units ---------------------------------------------------------------------------------------
# A person is in a unit on ``D`` when a unit stay that is not voided covers ``D`` (from on or before
# ``D``, not ended on or before it: a move on ``D`` counts in the new unit) *and* their custody
# episode holds them that day (a stay left open when the episode ended does not count).

def _in_unit_on(on: dt.date) -> Q:
    return (Q(from_on__lte=on) & (Q(to_on__isnull=True) | Q(to_on__gt=on))) & _held_on(on, "episode__")


def _stays(facility: Organisation) -> QuerySet[UnitStay]:
    return UnitStay.objects.filter(unit__facility=facility, voided_at__isnull=True, episode__voided_at__isnull=True,
                                   episode__person__voided_at__isnull=True)


@dataclass
class UnitFigures:
    unit: Unit
    held: int

    @property
    def capacity(self) -> int | None:
        return self.unit.official_capacity

    @property
    def occupancy_pct(self) -> float | None:
        return percentage(self.held, self.capacity)

    @property
    def overcrowded(self) -> bool:
        return self.occupancy_pct is not None and self.occupancy_pct > 100


def unit_occupancy(*, user: Any, facility: Organisation, on: dt.date | None = None) -> list[UnitFigures]:
    """People held in each unit of ``facility`` on ``on`` (default today), every unit listed (open
    ones first), with occupancy against the unit's capacity. One ``GROUP BY`` and the units."""
    require(user, Action.FACILITY_VIEW)
    on = on or timezone.localdate()
    counts = dict(_stays(facility).filter(_in_unit_on(on)).values_list("unit_id")
                  .annotate(n=Count("episode__person_id", distinct=True)).order_by())
    return [UnitFigures(unit=unit, held=counts.get(unit.pk, 0)) for unit in unit_list(user=user, facility=facility)]


@dataclass
class UnitSeries:
    unit: Unit
    points: list[tuple[dt.date, int]]

    def occupancy(self) -> list[tuple[dt.date, int, float | None]]:
        return [(on, held, percentage(held, self.unit.official_capacity)) for on, held in self.points]


def unit_occupancy_series(*, user: Any, facility: Organisation, months: int = 12,
                          until: dt.date | None = None) -> list[UnitSeries]:
    """People held in each unit at the end of each of the last ``months`` months (this month: on
    ``until``, default today): one query of conditional counts grouped by unit."""
    require(user, Action.FACILITY_VIEW)
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be between 1 and {MAX_MONTHS}")
    dates = month_ends(months=months, until=until or timezone.localdate())
    counts = {f"held_{i}": Count("episode__person_id", distinct=True, filter=_in_unit_on(on))
              for i, on in enumerate(dates)}
    rows = {row["unit_id"]: row for row in (
        _stays(facility).filter(from_on__lte=dates[-1]).exclude(to_on__lte=dates[0])
        .values("unit_id").annotate(**counts).order_by())}
    return [UnitSeries(unit=unit, points=[(on, (rows.get(unit.pk) or {}).get(f"held_{i}") or 0)
                                          for i, on in enumerate(dates)])
            for unit in unit_list(user=user, facility=facility)]


def unit_stay_open(*, episode_id: int) -> UnitStay | None:
    """The open (not ended, not voided) unit stay of a custody episode, if any."""
    return (UnitStay.objects.filter(episode_id=episode_id, to_on__isnull=True, voided_at__isnull=True)
            .select_related("unit").first())
