"""Writing the synthetic catalogue: labour demand, programmes and their cohorts.

``catalogue_ensure`` runs once per database (the first run that finds no synthetic programme):
the labour-market table goes through ``programmes.services.labour_demand_import`` (as a CSV, the
way an analyst would load one), each programme through ``programme_create`` (validated, versioned,
audited), and the cohorts, several per programme, in one bulk insert with their history entries
(thousands of rows: a service call each would cost seconds). Cohorts run back about two and a half
years and forward about five months from the reference date, so people in custody or under
supervision at any time in that window find past, current and future cohorts at their venue.

``Catalogue`` is the catalogue loaded back for the enrolments of each batch (``synth.enrolments``):
programmes by venue and the cohorts of each, with their places taken so far.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from reintegra.accounts.models import Organisation
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.people.services.bulk import insert_with_history
from reintegra.programmes.choices import DeliverySetting, EnrolmentStatus
from reintegra.programmes.models import Cohort, LabourDemand, Programme
from reintegra.programmes.services import labour_demand_import, programme_create
from reintegra.synth import catalogue
from reintegra.synth.jurisdiction import Jurisdiction

SEED_TAG = 5
HISTORY_DAYS = 900       # cohorts start up to this many days before the reference date
FUTURE_DAYS = 150        # ... and up to this many after it
WEEKDAYS = ((0,), (1, 3), (0, 2, 4), (0, 1, 3, 4), (0, 1, 2, 3, 4))
SLOTS = ("09:30-12:00", "10:00-12:30", "14:00-16:30", "13:30-17:30")
DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays")
LABOUR_FILE = "synthetic-labour-market.csv"


def synthetic_catalogue_exists() -> bool:
    return Programme.objects.filter(venue__code__startswith="xr-").exists()


def catalogue_ensure(*, j: Jurisdiction, seed: int, today: dt.date, count: int | None) -> int:
    """Create the catalogue (``count`` programmes, ``None``: the default offer) unless the
    database already has a synthetic one; returns how many programmes were created."""
    if synthetic_catalogue_exists():
        return 0
    rng = np.random.default_rng([seed, SEED_TAG])
    demand = catalogue.labour_demand(rng=rng, regions=j.regions)
    if not LabourDemand.objects.filter(source_file=LABOUR_FILE).exists():
        labour_demand_import(csv_file=_labour_csv(demand, today, rng), actor=j.actor, source_name=LABOUR_FILE)
    specs = catalogue.catalogue_plan(rng=rng, facilities=j.facilities, offices=j.offices, partners=j.partners,
                                     count=count, demand=demand)
    programmes = [programme_create(actor=j.actor, **spec.kwargs()) for spec in specs]
    cohorts = [c for p in programmes for c in _cohorts(p, rng, today)]
    insert_with_history(Cohort, cohorts, j.actor.pk, timezone.now())
    audit_record(actor=j.actor, action=AuditAction.CREATE, object_type="programmes.cohort",
                 detail={"rows": len(cohorts), "synthetic": True})
    return len(programmes)


def _quarters(today: dt.date, count: int) -> list[str]:
    quarter = (today.month - 1) // 3
    labels = []
    year = today.year
    for _ in range(count):
        labels.append(f"{year}-Q{quarter + 1}")
        quarter -= 1
        if quarter < 0:
            quarter, year = 3, year - 1
    return labels[::-1]


def _labour_csv(demand: dict[tuple[str, str], int], today: dt.date, rng: np.random.Generator) -> str:
    """Four quarters up to today's; a trade with no demand anywhere has rows of 0 in some regions
    and none in others (so the catalogue shows both "0 vacancies" and "no demand recorded")."""
    lines = ["region,trade,vacancies,period"]
    for period in _quarters(today, 4):
        for (region, trade), vacancies in sorted(demand.items()):
            if vacancies == 0 and trade == catalogue.TRADES[-1][0]:
                continue
            noisy = int(round(vacancies * float(rng.uniform(0.8, 1.2))))
            lines.append(f"{region},{trade},{noisy},{period}")
    return "\n".join(lines) + "\n"


def _cohorts(programme: Programme, rng: np.random.Generator, today: dt.date) -> list[Cohort]:
    """Back-to-back runs of ``programme`` with a gap between them, from the first session to the last."""
    weeks = max(1, programme.weeks)
    sessions = max(1, programme.sessions)
    per_week = min(5, max(1, -(-sessions // weeks)))
    days = WEEKDAYS[per_week - 1]
    slot = SLOTS[int(rng.integers(len(SLOTS)))]
    schedule = f"{' and '.join(DAY_NAMES[d] for d in days)} {slot}"
    period = weeks * 7 + int(rng.integers(1, 7)) * 7
    start = today - dt.timedelta(days=HISTORY_DAYS - int(rng.integers(0, period)))
    start -= dt.timedelta(days=start.weekday())
    last_start = today + dt.timedelta(days=FUTURE_DAYS)
    cohorts = []
    while True:
        dates = [start + dt.timedelta(days=7 * w + d) for w in range(weeks) for d in days][:sessions]
        cohorts.append(Cohort(programme=programme, starts_on=dates[0], ends_on=dates[-1], capacity=programme.capacity,
                              schedule=schedule, session_dates=[d.isoformat() for d in dates]))
        start += dt.timedelta(days=period)
        if start > last_start and dates[0] > today:  # at least one cohort still to start
            return cohorts


@dataclass
class CohortSlot:
    pk: int
    starts_on: int           # date ordinals
    ends_on: int
    capacity: int
    taken: int
    sessions: tuple[int, ...]


@dataclass
class ProgrammeEntry:
    programme: Programme
    cohorts: list[CohortSlot] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def cohort_from(self, day: int) -> CohortSlot | None:
        """The first cohort starting on or after ``day`` that has a place, if any."""
        for slot in self.cohorts[bisect_left(self.starts, day):]:
            if slot.taken < slot.capacity:
                return slot
        return None


@dataclass
class Catalogue:
    """Programmes by venue (facility, office, partner) with their cohorts, for drawing enrolments."""

    by_venue: dict[int, list[ProgrammeEntry]]
    partners_by_region: dict[str, list[int]]

    def offered_at(self, venue_id: int, region: str | None, community: bool) -> list[ProgrammeEntry]:
        entries = list(self.by_venue.get(venue_id, ()))
        if community and region is not None:
            for partner in self.partners_by_region.get(region, ()):
                entries.extend(self.by_venue.get(partner, ()))
        return entries


def catalogue_load() -> Catalogue:
    """The non-voided synthetic programmes and their cohorts, with the places already taken
    (enrolled, completed or dropped after enrolling: anyone who was admitted)."""
    by_venue: dict[int, list[ProgrammeEntry]] = {}
    entries: dict[int, ProgrammeEntry] = {}
    for programme in Programme.objects.filter(voided_at__isnull=True, venue__code__startswith="xr-").order_by("pk"):
        entry = ProgrammeEntry(programme)
        entries[programme.pk] = entry
        by_venue.setdefault(programme.venue_id, []).append(entry)
    admitted = Q(enrolments__enrolled_on__isnull=False)
    cohorts = (Cohort.objects.filter(programme_id__in=entries, voided_at__isnull=True)
               .annotate(taken=Count("enrolments", filter=admitted & ~Q(enrolments__status=EnrolmentStatus.WAITING)))
               .order_by("programme_id", "starts_on", "pk"))
    for cohort in cohorts:
        sessions = tuple(dt.date.fromisoformat(d).toordinal() for d in cohort.session_dates)
        entry = entries[cohort.programme_id]
        entry.cohorts.append(CohortSlot(cohort.pk, cohort.starts_on.toordinal(), cohort.ends_on.toordinal(),
                                        cohort.capacity, cohort.taken, sessions))
        entry.starts.append(cohort.starts_on.toordinal())
    partners: dict[str, list[int]] = {}
    for pk, region in Organisation.objects.filter(
            pk__in={p.programme.venue_id for p in entries.values()
                    if p.programme.delivery == DeliverySetting.PARTNER}).order_by("pk").values_list("pk", "region"):
        partners.setdefault(region, []).append(pk)
    return Catalogue(by_venue=by_venue, partners_by_region=partners)
