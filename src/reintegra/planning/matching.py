"""Programme suggestions for a person's ranked needs: pure ranking, no database.

``suggest`` takes what ``planning.inputs`` reads (the ranked needs, eligibility facts, responsivity
flags, the catalogue as ``Candidate`` rows and where the person is) and returns, for each need in
the assessment's order, the programmes that target it, best first, each with the reasons in the
active language ("targets alcohol and drugs; moderate-risk eligible; in Spanish; 12 places free
from 3 March"), the eligibility problems, the responsivity adaptations it meets and any dosage
warning. The score and its weights are explained in docs/plan-matching.md.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.planning.dosage import INTENSITY_RANK, Guidance, band_label, guidance_for, intensity_warning
from reintegra.programmes.choices import LITERACY_RANK, Accreditation, Literacy, Need
from reintegra.programmes.eligibility import Facts, Reason, eligibility

# Weights of the score's parts (they add up to 100; see docs/plan-matching.md).
W_NEED, W_AVAILABILITY, W_DISTANCE, W_RESPONSIVITY = 45.0, 25.0, 15.0, 15.0
# Subtracted when the programme is more intensive than the guidance for the person's band.
INTENSITY_PENALTY = 20.0
SOON_DAYS = 180  # a cohort starting this far off or later scores no more than "has places"
FAR_KM = 200.0  # a venue this far away or further scores nothing for distance
EARTH_RADIUS_KM = 6371.0088

FEMALE = "F"


@dataclass(frozen=True)
class Candidate:
    """A programme as matching sees it: its targets, dosage, eligibility rules, the venue's
    coordinates and its next cohort with places (``cohort_id`` ``None`` when there is none)."""

    programme_id: int
    name: str
    type: str
    targeted_needs: tuple[str, ...]
    hours: int
    intensity: str
    risk_bands: tuple[str, ...] = ()
    sex_eligibility: str = "any"
    gender_responsive: bool = False
    trauma_informed: bool = False
    min_age: int | None = None
    max_age: int | None = None
    languages: tuple[str, ...] = ()
    min_literacy: str = Literacy.NONE
    excluded_sections: tuple[str, ...] = ()
    accreditation: str = Accreditation.NOT_ACCREDITED
    delivery: str = ""
    venue_id: int | None = None
    venue_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    places_free: int = 0
    waiting: int = 0
    next_start: dt.date | None = None
    cohort_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """One programme suggested for one need, with why (``reasons``), why not (``problems``, the
    eligibility rules failed), the responsivity ``adaptations`` it meets and dosage ``warnings``."""

    programme_id: int
    programme_name: str
    need: str
    score: float
    eligible: bool
    reasons: tuple[str, ...]
    problems: tuple[Reason, ...]
    adaptations: tuple[str, ...]
    places_free: int
    next_start: dt.date | None
    cohort_id: int | None
    distance_km: float | None
    hours: int
    intensity: str
    warnings: tuple[str, ...] = ()
    waiting: int = 0
    venue_name: str = ""


@dataclass(frozen=True)
class NeedSuggestions:
    """The suggestions for one need (``rank`` 1 is the assessment's top need). ``ineligible``
    counts programmes targeting the need that the person may not join (listed only on request)."""

    need: str
    rank: int
    label: str
    suggestions: tuple[Suggestion, ...]
    ineligible: int = 0


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    """Great-circle (haversine) distance between two (latitude, longitude) points; ``None`` if
    either is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def language_name(code: str) -> str:
    """A language's name in the active language (the code itself when Django does not know it)."""
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return code


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def need_label(code: str, labels: Mapping[str, str] | None = None) -> str:
    """A need's label: from ``labels`` (the assessment's wording), else the catalogue's, else the code."""
    if labels and labels.get(code):
        return labels[code]
    return str(Need(code).label) if code in Need.values else code


@dataclass(frozen=True)
class _Person:
    """What is the same for every suggestion made for one person (worked out once)."""

    needs: tuple[str, ...]
    need_weight: Mapping[str, float]
    total_weight: float
    labels: Mapping[str, str]
    facts: Facts
    flags: frozenset[str]
    origin: tuple[float, float] | None
    on: dt.date
    guidance: Guidance | None
    too_intensive: frozenset[str]  # intensities above the guidance for the person's band


@dataclass
class _Fit:
    """What is the same for one candidate whatever the need (worked out once per candidate; the
    texts only for the candidates that make a list)."""

    candidate: Candidate
    problems: tuple[Reason, ...]
    distance: float | None
    base: float  # the score's parts that do not depend on the need
    responsivity: float
    adaptations: tuple[str, ...]
    too_intensive: bool
    texts: tuple[str, ...] | None = field(default=None)


def _availability(candidate: Candidate, on: dt.date) -> float:
    if candidate.cohort_id is None or candidate.places_free <= 0:
        return 0.0
    start = candidate.next_start or on
    days = max(0, (start - on).days)
    return 0.5 + 0.5 * max(0.0, 1.0 - days / SOON_DAYS)


def _responsivity(candidate: Candidate, person: _Person) -> tuple[float, tuple[str, ...]]:
    """The share of the person's responsivity preferences the programme meets, and those met."""
    wanted = 0
    met: list[str] = []
    flags, facts = person.flags, person.facts
    if "interpreter" in flags and facts.languages:
        wanted += 1
        main = facts.languages[0].lower()
        if main in {code.lower() for code in candidate.languages}:
            met.append(_("Delivered in %(language)s, the person's language (an interpreter is needed)")
                       % {"language": language_name(main)})
    if "low_literacy" in flags:
        wanted += 1
        if LITERACY_RANK.get(candidate.min_literacy or Literacy.NONE, 0) == 0:
            met.append(_("No reading or writing needed (reading or writing difficulties)"))
    if "gender_responsive" in flags or facts.sex == FEMALE:
        wanted += 1
        if candidate.gender_responsive:
            met.append(_("Gender-responsive"))
    if "trauma" in flags:
        wanted += 1
        if candidate.trauma_informed:
            met.append(_("Trauma-informed (trauma history)"))
    return (len(met) / wanted if wanted else 0.0), tuple(met)


def _texts(fit: _Fit, person: _Person) -> tuple[str, ...]:
    """Reasons that do not depend on the need: band, language, accreditation, places, distance."""
    if fit.texts is not None:
        return fit.texts
    candidate, facts = fit.candidate, person.facts
    reasons: list[str] = []
    if not fit.problems and facts.band:
        reasons.append(_("%(band)s-risk eligible") % {"band": band_label(facts.band)})
    spoken = [code for code in candidate.languages if code.lower() in {c.lower() for c in facts.languages}]
    if spoken:
        reasons.append(_("in %(language)s") % {"language": language_name(spoken[0])})
    if candidate.accreditation == Accreditation.ACCREDITED:
        reasons.append(_("accredited"))
    if candidate.cohort_id is None or candidate.places_free <= 0:
        reasons.append(_("no cohort with places open"))
    else:
        values: dict[str, object] = {"count": candidate.places_free}
        if candidate.next_start is not None and candidate.next_start > person.on:
            values["date"] = formats.date_format(candidate.next_start, "DATE_FORMAT")
            text = ngettext("%(count)s place free from %(date)s", "%(count)s places free from %(date)s",
                            candidate.places_free) % values
        else:
            text = ngettext("%(count)s place free in the current cohort",
                            "%(count)s places free in the current cohort", candidate.places_free) % values
        if candidate.waiting:
            text += " " + ngettext("(%(count)s waiting)", "(%(count)s waiting)", candidate.waiting) % {
                "count": candidate.waiting}
        reasons.append(text)
    if fit.distance is not None:
        if fit.distance < 1:
            reasons.append(_("where the person is now"))
        else:
            reasons.append(_("%(km)s km away") % {"km": formats.number_format(round(fit.distance))})
    fit.texts = tuple(reasons)
    return fit.texts


def _rules(candidate: Candidate) -> tuple[object, ...]:
    """What eligibility reads of a programme: programmes with the same rules share one answer."""
    return (candidate.risk_bands, candidate.sex_eligibility, candidate.min_age, candidate.max_age,
            candidate.languages, candidate.min_literacy, candidate.excluded_sections)


def _problems(candidate: Candidate, person: _Person, verdicts: dict[tuple[object, ...], tuple[Reason, ...]],
              ) -> tuple[Reason, ...]:
    rules = _rules(candidate)
    problems = verdicts.get(rules)
    if problems is None:  # a catalogue repeats a few rule sets many times; each is judged once
        problems = verdicts[rules] = tuple(eligibility(candidate, person.facts))
    return problems


def _fit(candidate: Candidate, problems: tuple[Reason, ...], person: _Person) -> _Fit:
    venue = (candidate.latitude, candidate.longitude) if candidate.latitude is not None and candidate.longitude is not None else None
    distance = distance_km(person.origin, venue)
    responsivity, adaptations = _responsivity(candidate, person)
    too_intensive = candidate.intensity in person.too_intensive
    base = (W_AVAILABILITY * _availability(candidate, person.on)
            + W_DISTANCE * (0.5 if distance is None else max(0.0, 1.0 - distance / FAR_KM))
            + W_RESPONSIVITY * responsivity - (INTENSITY_PENALTY if too_intensive else 0.0))
    return _Fit(candidate=candidate, problems=problems, distance=distance, base=base, responsivity=responsivity,
                adaptations=adaptations, too_intensive=too_intensive)


def _need_fit(candidate: Candidate, need: str, person: _Person) -> float:
    """How central ``need`` is to the programme (first-listed target 1, second 1/2, ...) for three
    quarters, and the share of the person's other needs (weighted by rank) it also targets (all of
    them when there are none)."""
    centrality = 1.0 / (1 + candidate.targeted_needs.index(need))
    weights = person.need_weight
    total = person.total_weight - weights[need]
    covered = sum(weights.get(code, 0.0) for code in set(candidate.targeted_needs) if code != need)
    return 0.75 * centrality + 0.25 * (covered / total if total else 1.0)


def _suggestion(fit: _Fit, need: str, score: float, person: _Person) -> Suggestion:
    candidate = fit.candidate
    reasons = [_("targets %(need)s") % {"need": _lower_first(need_label(need, person.labels))}]
    also = [code for code in person.needs if code != need and code in candidate.targeted_needs]
    if also:
        reasons.append(_("also targets %(needs)s") % {
            "needs": ", ".join(_lower_first(need_label(code, person.labels)) for code in also)})
    warnings: tuple[str, ...] = ()
    if fit.too_intensive and person.guidance is not None:
        warnings = (intensity_warning(person.guidance, [candidate.name]).message,)
    return Suggestion(
        programme_id=candidate.programme_id, programme_name=candidate.name, need=need,
        score=round(score, 1), eligible=not fit.problems, reasons=tuple(reasons) + _texts(fit, person),
        problems=fit.problems, adaptations=fit.adaptations, places_free=max(0, candidate.places_free),
        next_start=candidate.next_start, cohort_id=candidate.cohort_id,
        distance_km=None if fit.distance is None else round(fit.distance, 1),
        hours=candidate.hours, intensity=candidate.intensity, warnings=warnings,
        waiting=candidate.waiting, venue_name=candidate.venue_name,
    )


def _person(needs: Sequence[str], facts: Facts, flags: Iterable[str], origin: tuple[float, float] | None,
            on: dt.date, need_labels: Mapping[str, str] | None) -> _Person:
    ranked = tuple(dict.fromkeys(code for code in needs if code))
    guidance = guidance_for(facts.band)
    too_intensive = frozenset(code for code in INTENSITY_RANK if guidance is not None and not guidance.allows_intensity(code))
    weights = {code: 1.0 / (1 + i) for i, code in enumerate(ranked)}
    return _Person(needs=ranked, need_weight=weights, total_weight=sum(weights.values()),
                   labels=dict(need_labels or {}), facts=facts, flags=frozenset(flags), origin=origin, on=on,
                   guidance=guidance, too_intensive=too_intensive)


def suggest(*, needs: Sequence[str], facts: Facts, flags: Iterable[str], candidates: Sequence[Candidate],
            origin: tuple[float, float] | None, on: dt.date, limit: int = 5, include_ineligible: bool = False,
            need_labels: Mapping[str, str] | None = None,
            exclude_programme_ids: Iterable[int] = ()) -> list[NeedSuggestions]:
    """For each need in ``needs`` (ranked, most important first) the best ``limit`` programmes that
    target it: eligible ones first (ineligible ones only with ``include_ineligible``, after them,
    with their problems), then by score (need fit, availability, distance, responsivity; minus a
    penalty when more intensive than the band's guidance), then by distance and name. Programmes
    in ``exclude_programme_ids`` (already in the plan, or already taken) are left out."""
    person = _person(needs, facts, flags, origin, on, need_labels)
    excluded = frozenset(exclude_programme_ids)
    by_need: dict[str, list[Candidate]] = {code: [] for code in person.needs}
    for candidate in candidates:
        if candidate.programme_id in excluded:
            continue
        for code in set(candidate.targeted_needs):
            if code in by_need:
                by_need[code].append(candidate)
    fits: dict[int, _Fit] = {}
    verdicts: dict[tuple[object, ...], tuple[Reason, ...]] = {}
    result: list[NeedSuggestions] = []
    for rank, need in enumerate(person.needs, start=1):
        scored: list[tuple[tuple[bool, float, float, str, int], float, _Fit]] = []
        ineligible = 0
        for candidate in by_need[need]:
            problems = _problems(candidate, person, verdicts)
            if problems:
                ineligible += 1
                if not include_ineligible:
                    continue
            fit = fits.get(candidate.programme_id)
            if fit is None:
                fit = fits[candidate.programme_id] = _fit(candidate, problems, person)
            score = round(fit.base + W_NEED * _need_fit(candidate, need, person), 1)
            far = math.inf if fit.distance is None else fit.distance
            scored.append(((bool(fit.problems), -score, far, candidate.name, candidate.programme_id), score, fit))
        best = heapq.nsmallest(max(0, limit), scored, key=lambda row: row[0])
        result.append(NeedSuggestions(
            need=need, rank=rank, label=need_label(need, person.labels), ineligible=ineligible,
            suggestions=tuple(_suggestion(fit, need, score, person) for _key, score, fit in best)))
    return result
