"""Which unit of their facility each synthetic person is held in (``custody.UnitStay``).

Every custody episode still open at the reference date, or released in the year before it (so a
unit's occupancy over the last twelve months is complete), gets a stay in a unit of its facility
that holds people of the person's sex and age on admission (``custody.allocation.sex_fits`` and
``age_fits``), chosen in proportion to the units' capacities (a segregation unit less often). A
quarter of the stays longer than six months include a move to another unit on a day in between
(the first stay ends and the next begins that day). Written through
``custody.services.unit_stay_bulk_start``, which checks each row against its episode and unit.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from reintegra.custody.allocation import age_fits, sex_fits
from reintegra.custody.models import Unit
from reintegra.custody.services import UnitStayInput
from reintegra.synth.enrolments import age_on_ordinal

HISTORY_DAYS = 365
MOVE_AFTER_DAYS = 180
MOVE_SHARE = 0.25
SEGREGATION_WEIGHT = 0.2


def units_load(facility_ids: Sequence[int]) -> dict[int, list[Unit]]:
    """The active units of each facility, by name."""
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(facility_id__in=list(facility_ids), active=True).order_by("facility_id", "name"):
        units.setdefault(unit.facility_id, []).append(unit)
    return units


def _weight(unit: Unit) -> float:
    places = float(unit.official_capacity or 1)
    return places * SEGREGATION_WEIGHT if unit.security_level == "maximum" and "egregation" in unit.name else places


def stays_draw(*, units: dict[int, list[Unit]], drafts: Sequence[Any], histories: Sequence[Any], today: int,
               rng: random.Random) -> list[UnitStayInput]:
    """The unit stays of a batch's recent custody episodes (no database)."""
    rows: list[UnitStayInput] = []
    horizon = today - HISTORY_DAYS
    for draft, h in zip(drafts, histories):
        for episode in h.custody:
            start = episode.admitted_on.toordinal()
            end = episode.released_on.toordinal() if episode.released_on else None
            if (end is not None and (end <= horizon or end <= start)) or start > today:
                continue
            age = age_on_ordinal(draft.dob, start)
            fitting = [u for u in units.get(episode.facility_id, ())
                       if sex_fits(draft.sex, u.sex_category) is not False and age_fits(age, u.age_category) is not False]
            if not fitting:
                continue
            first = rng.choices(fitting, weights=[_weight(u) for u in fitting])[0]
            last_day = end if end is not None else today
            others = [u for u in fitting if u is not first]
            if others and last_day - start > MOVE_AFTER_DAYS and rng.random() < MOVE_SHARE:
                moved = start + 60 + rng.randrange(last_day - start - 90)
                second = others[rng.randrange(len(others))]
                rows.append(UnitStayInput(episode=episode, unit=first, from_on=_date(start), to_on=_date(moved)))
                rows.append(UnitStayInput(episode=episode, unit=second, from_on=_date(moved),
                                          to_on=_date(end) if end is not None else None))
            else:
                rows.append(UnitStayInput(episode=episode, unit=first, from_on=_date(start),
                                          to_on=_date(end) if end is not None else None))
    return rows


def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
