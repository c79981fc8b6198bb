"""Matching a volunteer probation officer to a person: pure ranking, no database.

``rank`` takes what ``supervision.selectors.volunteers.volunteer_suggestions`` reads (the person as
a ``Seeker``: their area, the languages they speak and an optional gender preference; the
volunteers of the officer's offices as ``Candidate`` rows) and returns every volunteer, best first,
each with the reasons for its place in the active language ("lives in Centro; speaks Arabic; a
woman, as asked; 2 places left; training valid until 3 March"). Three hard rules exclude a
volunteer, with why: not active, no place left, no current training (expired or none recorded).
The weights are explained in docs/supervision.md ("Volunteer probation officers").
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.core.text import fold
from reintegra.planning.matching import language_name

# Weights of the score's parts (they add up to 100).
W_AREA, W_LANGUAGE, W_GENDER, W_CAPACITY, W_TRAINING = 35.0, 30.0, 15.0, 10.0, 10.0
MAIN_LANGUAGE_SHARE = 1.0  # the person's main language (first listed) scores in full...
OTHER_LANGUAGE_SHARE = 0.6  # ...another language they speak scores less
RENEWAL_DAYS = 60  # training ending this soon scores half: the volunteer must renew it


@dataclass(frozen=True)
class Seeker:
    """The person as matching sees them: where they live or report (``area``), the languages they
    speak (main first) and the gender of volunteer they asked for (empty: no preference)."""

    area: str = ""
    languages: tuple[str, ...] = ()
    gender_preference: str = ""


@dataclass(frozen=True)
class Candidate:
    """A volunteer as matching sees them: their profile, how many people they support now and
    their training (``trained``: any training on record; ``training_until``: when the current
    training ends, ``None`` for none that is current or one without an end when ``current``)."""

    user_id: int
    profile_id: int
    name: str
    area: str
    languages: tuple[str, ...]
    gender: str
    max_people: int
    open_assignments: int
    active: bool = True
    trained: bool = False
    current_training: bool = False
    training_until: dt.date | None = None
    last_training_ended: dt.date | None = None

    @property
    def places_left(self) -> int:
        return max(self.max_people - self.open_assignments, 0)


@dataclass(frozen=True)
class Match:
    """One volunteer for the person: the score (0 to 100), why (``reasons``) and, for an excluded
    volunteer, why not (``exclusions``; an excluded volunteer cannot be assigned)."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    exclusions: tuple[str, ...] = ()

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def exclusions(candidate: Candidate, on: dt.date) -> tuple[str, ...]:
    """The hard rules the volunteer fails, worded for the page."""
    found = []
    if not candidate.active:
        found.append(_("Not active."))
    if candidate.places_left <= 0:
        found.append(ngettext("No place left: already supports %(count)d person, the limit.",
                              "No place left: already supports %(count)d people, the limit.",
                              candidate.open_assignments) % {"count": candidate.open_assignments})
    if not candidate.current_training:
        if candidate.trained and candidate.last_training_ended:
            found.append(_("Training expired on %(date)s.") % {"date": _date(candidate.last_training_ended)})
        else:
            found.append(_("No current training on record."))
    return tuple(found)


def _area(seeker: Seeker, candidate: Candidate) -> tuple[float, str]:
    wanted = fold(seeker.area).strip()
    if not wanted or not candidate.area:
        return 0.0, ""
    if fold(candidate.area).strip() == wanted:
        return W_AREA, _("Covers %(area)s, the person's area.") % {"area": candidate.area}
    return 0.0, _("Covers %(area)s, another area.") % {"area": candidate.area}


def _language(seeker: Seeker, candidate: Candidate) -> tuple[float, str]:
    spoken = [code.lower() for code in seeker.languages]
    offered = {code.lower() for code in candidate.languages}
    shared = [code for code in spoken if code in offered]
    if not shared:
        return 0.0, _("Shares no language recorded for the person.") if spoken else ""
    share = MAIN_LANGUAGE_SHARE if shared[0] == spoken[0] else OTHER_LANGUAGE_SHARE
    names = ", ".join(language_name(code) for code in shared)
    return W_LANGUAGE * share, _("Speaks %(languages)s.") % {"languages": names}


def _gender(seeker: Seeker, candidate: Candidate, labels: dict[str, str]) -> tuple[float, str]:
    if not seeker.gender_preference:
        return 0.0, ""
    if not candidate.gender:
        return 0.0, _("Gender not recorded.")
    if candidate.gender == seeker.gender_preference:
        return W_GENDER, _("%(gender)s, as the person asked.") % {"gender": labels.get(candidate.gender, "")}
    return 0.0, _("Not the gender the person asked for.")


def _capacity(candidate: Candidate) -> tuple[float, str]:
    if candidate.max_people <= 0 or candidate.places_left <= 0:
        return 0.0, ""
    text = ngettext("%(count)d place left.", "%(count)d places left.", candidate.places_left) % {
        "count": candidate.places_left}
    return W_CAPACITY * candidate.places_left / candidate.max_people, text


def _training(candidate: Candidate, on: dt.date) -> tuple[float, str]:
    if not candidate.current_training:
        return 0.0, ""
    if candidate.training_until is None:
        return W_TRAINING, _("Training current.")
    text = _("Training valid until %(date)s.") % {"date": _date(candidate.training_until)}
    if (candidate.training_until - on).days <= RENEWAL_DAYS:
        return W_TRAINING / 2, text
    return W_TRAINING, text


def score(seeker: Seeker, candidate: Candidate, on: dt.date, gender_labels: dict[str, str]) -> Match:
    """The volunteer's score for the person with the reasons (each criterion that says something)."""
    parts = (_area(seeker, candidate), _language(seeker, candidate), _gender(seeker, candidate, gender_labels),
             _capacity(candidate), _training(candidate, on))
    return Match(candidate=candidate, score=round(sum(points for points, _text in parts), 1),
                 reasons=tuple(text for _points, text in parts if text), exclusions=exclusions(candidate, on))


def rank(seeker: Seeker, candidates: Iterable[Candidate], *, on: dt.date,
         gender_labels: dict[str, str] | None = None, include_excluded: bool = False) -> list[Match]:
    """Every candidate scored, best first (ties: more places left, then by name); excluded
    volunteers are left out unless ``include_excluded``, then they come after the others."""
    labels = gender_labels or {}
    matches: Sequence[Match] = [score(seeker, candidate, on, labels) for candidate in candidates]
    if not include_excluded:
        matches = [match for match in matches if not match.excluded]
    return sorted(matches, key=lambda match: (match.excluded, -match.score, -match.candidate.places_left,
                                              fold(match.candidate.name), match.candidate.user_id))
