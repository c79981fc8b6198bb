"""Who may join a programme: a pure function of the programme and the person's facts.

``eligibility(programme, facts)`` returns the reasons the person is not eligible, each naming the
rule it comes from (empty list: eligible). It reads nothing from the database, so the planning
layer can run it over many programmes at once, and the property tests can run it over thousands
of generated cases. The person's band is a fact the caller supplies (read from an assessment by
the layer above); ``person_facts`` gathers the rest from the person's record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from reintegra.programmes.choices import BAND_RANK, LITERACY_RANK, Band, Literacy, SexEligibility


@dataclass(frozen=True)
class Facts:
    """What eligibility needs to know about a person. ``None`` or empty means not known."""

    band: str = ""
    sex: str = ""
    age: int | None = None
    languages: tuple[str, ...] = ()
    literacy: str = ""
    offence_section: str = ""


@dataclass(frozen=True)
class Reason:
    """One failed rule: ``rule`` is a stable code (for the API and tests), ``message`` translated."""

    rule: str
    message: str = field(compare=False)

    def __str__(self) -> str:
        return self.message


class _Rules(Protocol):
    risk_bands: Any
    sex_eligibility: str
    min_age: int | None
    max_age: int | None
    languages: Any
    min_literacy: str
    excluded_sections: Any


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def eligibility(programme: _Rules, facts: Facts) -> list[Reason]:
    """The reasons ``facts`` do not meet ``programme``'s eligibility rules (risk bands, sex, age,
    language, literacy, excluded offence sections); empty when eligible. An unknown fact fails a
    rule that needs it: a programme for moderate-risk people does not take someone unassessed."""
    reasons: list[Reason] = []
    bands = list(programme.risk_bands or [])
    if bands and facts.band not in bands:
        wanted = ", ".join(_label(Band, code) for code in sorted(bands, key=lambda c: BAND_RANK.get(c, 99)))
        if facts.band:
            message = _("Risk band %(band)s is not one this programme takes (%(bands)s).") % {
                "band": _label(Band, facts.band), "bands": wanted}
        else:
            message = _("The person has no assessed risk band; this programme takes %(bands)s.") % {"bands": wanted}
        reasons.append(Reason("risk_band", message))
    if programme.sex_eligibility and programme.sex_eligibility != SexEligibility.ANY and facts.sex != programme.sex_eligibility:
        reasons.append(Reason("sex", _("This programme is for %(who)s only.") % {
            "who": _("women") if programme.sex_eligibility == SexEligibility.FEMALE else _("men")}))
    if programme.min_age is not None or programme.max_age is not None:
        if facts.age is None:
            reasons.append(Reason("age", _("The person's age is not known; this programme has an age limit.")))
        elif programme.min_age is not None and facts.age < programme.min_age:
            reasons.append(Reason("age", _("The minimum age is %(age)s.") % {"age": programme.min_age}))
        elif programme.max_age is not None and facts.age > programme.max_age:
            reasons.append(Reason("age", _("The maximum age is %(age)s.") % {"age": programme.max_age}))
    languages = [code.lower() for code in programme.languages or []]
    if languages and not {code.lower() for code in facts.languages} & set(languages):
        reasons.append(Reason("language", _("The programme is delivered in %(languages)s, which the person does not speak.")
                              % {"languages": ", ".join(languages)}))
    minimum = programme.min_literacy or Literacy.NONE
    if LITERACY_RANK.get(minimum, 0) > 0:
        rank = LITERACY_RANK.get(facts.literacy)
        if rank is None:
            reasons.append(Reason("literacy", _("The person's literacy has not been assessed; the programme needs %(level)s literacy.")
                                  % {"level": _label(Literacy, minimum).lower()}))
        elif rank < LITERACY_RANK[minimum]:
            reasons.append(Reason("literacy", _("The programme needs %(level)s literacy.")
                                  % {"level": _label(Literacy, minimum).lower()}))
    excluded = set(programme.excluded_sections or [])
    if facts.offence_section and facts.offence_section[:2] in excluded:
        reasons.append(Reason("offence", _("The index offence (ICCS section %(section)s) is excluded from this programme.")
                              % {"section": facts.offence_section[:2]}))
    return reasons


def age_on(date_of_birth: dt.date | None, on: dt.date) -> int | None:
    """Whole years of age on ``on`` (``None`` without a date of birth)."""
    if date_of_birth is None:
        return None
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
