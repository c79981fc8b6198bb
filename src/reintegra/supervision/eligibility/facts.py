"""The facts eligibility rules may test, with the plain-language sentence each one reads as.

A fact is one value per supervision period (population ``supervised``) or per custody stay
(population ``custody``), computed for a whole population at once by ``eligibility.gather``.
Each has a kind (``number``, ``boolean`` or ``choice``) that decides which comparisons a rule may
use, and a sentence such as "on supervision 14 months" into which the value is put. ``stable``
facts (band, level, arrests) do not drift with the calendar: when one of them differs from what it
was when staff declined a flag, the flag comes back before its waiting time is over.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.assessments.choices import Band
from reintegra.supervision.choices import SupervisionLevel

SUPERVISED = "supervised"
CUSTODY = "custody"
POPULATIONS = (SUPERVISED, CUSTODY)
POPULATION_LABELS = {SUPERVISED: gettext_lazy("Supervised in the community"), CUSTODY: gettext_lazy("In custody")}

NUMBER, BOOLEAN, CHOICE = "number", "boolean", "choice"


@dataclass(frozen=True)
class Fact:
    """``said(value)`` gives the sentence for a value; ``unknown`` the one for a missing value."""

    name: str
    kind: str
    populations: tuple[str, ...]
    label: Any
    said: Callable[[Any], str]
    unknown: Any
    stable: bool = False
    choices: tuple[str, ...] = ()
    value_label: Callable[[Any], str] = str  # a choice's label, for "(rule: one of low, moderate)"


def _percent(value: Any) -> str:
    return f"{value:.0%}"


def _band(value: Any) -> str:
    return str(dict(Band.choices).get(value, value or "")).lower()


def _level(value: Any) -> str:
    return str(dict(SupervisionLevel.choices).get(value, value or "")).lower()


_BOTH = (SUPERVISED, CUSTODY)
FACTS: dict[str, Fact] = {fact.name: fact for fact in (
    Fact("months_on_supervision", NUMBER, (SUPERVISED,), gettext_lazy("Months on supervision"),
         lambda v: _("on supervision %(n)s months") % {"n": v}, gettext_lazy("start of supervision unknown")),
    Fact("fraction_of_period_served", NUMBER, (SUPERVISED,), gettext_lazy("Share of the supervision period served"),
         lambda v: _("%(share)s of the supervision period served") % {"share": _percent(v)},
         gettext_lazy("share of the period served unknown (no expected end date)")),
    Fact("months_since_noncompliance", NUMBER, (SUPERVISED,),
         gettext_lazy("Months since the last moderate or serious non-compliance"),
         lambda v: _("no moderate or serious non-compliance for %(n)s months") % {"n": v},
         gettext_lazy("time since the last non-compliance unknown")),
    Fact("serious_events_12_months", NUMBER, (SUPERVISED,),
         gettext_lazy("Moderate or serious non-compliance events in the last 12 months"),
         lambda v: _("%(n)s moderate or serious non-compliance events in the last 12 months") % {"n": v},
         gettext_lazy("non-compliance events unknown")),
    Fact("new_arrest", BOOLEAN, (SUPERVISED,), gettext_lazy("New arrest during the period"),
         lambda v: _("a new arrest during this period") if v else _("no new arrest during this period"),
         gettext_lazy("arrests unknown"), stable=True),
    Fact("attendance_rate", NUMBER, (SUPERVISED,), gettext_lazy("Contacts attended in the last 6 months"),
         lambda v: _("attended %(share)s of contacts in the last 6 months") % {"share": _percent(v)},
         gettext_lazy("no contacts recorded in the last 6 months")),
    Fact("level", CHOICE, (SUPERVISED,), gettext_lazy("Current supervision level"),
         lambda v: _("supervised at %(level)s level") % {"level": _level(v)},
         gettext_lazy("no supervision level set"), stable=True, choices=tuple(SupervisionLevel.values),
         value_label=_level),
    Fact("level_from_band", CHOICE, (SUPERVISED,), gettext_lazy("Level the assessed band calls for"),
         lambda v: _("the assessed band calls for %(level)s level") % {"level": _level(v)},
         gettext_lazy("no level from an assessment (not assessed)"), stable=True,
         choices=tuple(SupervisionLevel.values), value_label=_level),
    Fact("levels_above_band", NUMBER, (SUPERVISED,),
         gettext_lazy("Steps the current level is above the level the band calls for"),
         lambda v: (_("supervised %(n)s level(s) above what the assessed band calls for") % {"n": v}) if v > 0
         else _("supervised at or below the level the assessed band calls for"),
         gettext_lazy("level or band unknown"), stable=True),
    Fact("band", CHOICE, _BOTH, gettext_lazy("Assessed risk band"),
         lambda v: _("assessed %(band)s risk") % {"band": _band(v)},
         gettext_lazy("not assessed"), stable=True, choices=tuple(Band.values), value_label=_band),
    Fact("months_in_custody", NUMBER, (CUSTODY,), gettext_lazy("Months in custody on this sentence"),
         lambda v: _("%(n)s months in custody on this sentence") % {"n": v}, gettext_lazy("sentence start unknown")),
    Fact("fraction_of_sentence_served", NUMBER, (CUSTODY,), gettext_lazy("Share of the sentence served"),
         lambda v: _("%(share)s of the sentence served") % {"share": _percent(v)},
         gettext_lazy("share of the sentence served unknown")),
    Fact("days_to_parole_eligibility", NUMBER, (CUSTODY,), gettext_lazy("Days to the parole eligibility date"),
         lambda v: (_("parole eligibility date in %(n)s days") % {"n": v}) if v > 0
         else (_("parole eligibility date reached %(n)s days ago") % {"n": -v}) if v < 0
         else _("parole eligibility date today"),
         gettext_lazy("no parole eligibility date under the key-date rules")),
    Fact("days_to_conditional_release", NUMBER, (CUSTODY,), gettext_lazy("Days to the conditional release date"),
         lambda v: (_("conditional release date in %(n)s days") % {"n": v}) if v > 0
         else (_("conditional release date reached %(n)s days ago") % {"n": -v}) if v < 0
         else _("conditional release date today"),
         gettext_lazy("conditional release date unknown")),
)}


def facts_for(population: str) -> list[Fact]:
    """The facts a rule of ``population`` may test."""
    return [fact for fact in FACTS.values() if population in fact.populations]
