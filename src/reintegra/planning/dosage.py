"""The risk principle as guidance: planned programme hours and intensity against the person's band.

Pure functions (no database). ``guidance_for(band)`` gives the hours and the highest intensity
advised for a band (defaults from the RNR dosage studies, see docs/decisions/0009; the setting
``REINTEGRA_DOSAGE_GUIDANCE`` overrides them per band), and ``dosage_check`` adds up the hours of a
plan's items and says, in the active language, where the plan departs from that guidance. The
check never refuses anything: it makes the departure visible where the plan is made.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.programmes.choices import Band, Intensity

# Warning codes (stable: the API and the pages key on them).
NO_BAND = "no_band"
INTENSIVE_FOR_LOW_RISK = "intensive_for_low_risk"
OVER_GUIDANCE = "over_guidance"
UNDER_GUIDANCE = "under_guidance"

INTENSITY_RANK: dict[str, int] = {code: rank for rank, code in enumerate(Intensity.values)}

# band -> (min_hours, max_hours, max_intensity). Low risk: little or nothing, never high intensity
# (Lowenkamp & Latessa 2004; Lowenkamp, Latessa & Holsinger 2006). Moderate about 100 hours, high
# about 200, very high about 300 (Bourgon & Armstrong 2005; Sperber, Latessa & Makarios 2013;
# Makarios, Sperber & Latessa 2014). The upper bound for moderate keeps intensive work for the
# people it helps.
DEFAULT_GUIDANCE: dict[str, tuple[int | None, int | None, str | None]] = {
    Band.LOW.value: (None, 50, Intensity.MODERATE.value),
    Band.MODERATE.value: (100, 200, None),
    Band.HIGH.value: (200, None, None),
    Band.VERY_HIGH.value: (300, None, None),
}
SETTING = "REINTEGRA_DOSAGE_GUIDANCE"
_KEYS = ("min_hours", "max_hours", "max_intensity")


@dataclass(frozen=True)
class Guidance:
    """Advised total programme hours for a band (``None``: no bound) and the highest intensity
    advised (``None``: any)."""

    band: str
    min_hours: int | None
    max_hours: int | None
    max_intensity: str | None

    def allows_intensity(self, intensity: str) -> bool:
        """Whether a programme of ``intensity`` is within this guidance (unknown intensity is)."""
        if self.max_intensity is None or intensity not in INTENSITY_RANK:
            return True
        return INTENSITY_RANK[intensity] <= INTENSITY_RANK[self.max_intensity]


@dataclass(frozen=True)
class PlannedItem:
    """One planned piece of work counted towards the dosage: its hours and intensity ('' unknown)."""

    hours: int
    intensity: str
    label: str = ""

    def __post_init__(self) -> None:
        if self.hours < 0:
            raise ValueError("planned hours cannot be negative")


@dataclass(frozen=True)
class DosageWarning:
    """A departure from the guidance: ``code`` is stable, ``message`` is in the active language."""

    code: str
    message: str


@dataclass(frozen=True)
class Dosage:
    """The planned hours of a plan, the guidance for its band and the warnings (empty: within)."""

    band: str
    planned_hours: int
    guidance: Guidance | None
    warnings: tuple[DosageWarning, ...]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(warning.code for warning in self.warnings)

    @property
    def within_guidance(self) -> bool:
        return self.guidance is not None and not self.warnings


def _hours(value: Any, band: str, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(
            f"{SETTING}: {band}.{key} must be a whole number of hours (0 or more) or null, not {value!r}.")
    return value


def _configured() -> Mapping[str, Any]:
    raw = getattr(settings, SETTING, None) or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f'{SETTING} must be JSON such as {{"moderate": {{"min_hours": 100, "max_hours": 200}}}} ({exc}).'
            ) from exc
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured(f"{SETTING} must map risk bands to their guidance, not {type(raw).__name__}.")
    unknown = sorted(set(raw) - set(Band.values))
    if unknown:
        raise ImproperlyConfigured(
            f"{SETTING}: unknown band(s) {', '.join(map(str, unknown))}; the bands are {', '.join(Band.values)}.")
    return raw


def _merged(band: str, override: Any) -> Guidance:
    low, high, intensity = DEFAULT_GUIDANCE[band]
    if not isinstance(override, Mapping):
        raise ImproperlyConfigured(f"{SETTING}: {band} must be an object with {', '.join(_KEYS)}.")
    unknown = sorted(set(override) - set(_KEYS))
    if unknown:
        raise ImproperlyConfigured(
            f"{SETTING}: {band} has unknown key(s) {', '.join(map(str, unknown))}; use {', '.join(_KEYS)}.")
    low = _hours(override.get("min_hours", low), band, "min_hours")
    high = _hours(override.get("max_hours", high), band, "max_hours")
    intensity = override.get("max_intensity", intensity)
    if intensity is not None and intensity not in INTENSITY_RANK:
        raise ImproperlyConfigured(
            f"{SETTING}: {band}.max_intensity must be one of {', '.join(Intensity.values)} or null, not {intensity!r}.")
    if low is not None and high is not None and low > high:
        raise ImproperlyConfigured(f"{SETTING}: {band}.min_hours ({low}) is more than max_hours ({high}).")
    return Guidance(band=band, min_hours=low, max_hours=high, max_intensity=intensity)


# The guidance of every band for the setting as last read: (repr of the setting, band -> guidance).
# Keyed by the setting's value (its repr), so a changed setting is read and checked again; only a
# setting that passed the checks is kept (a bad one fails on every call, as before).
_guidance_cache: tuple[str, dict[str, Guidance]] | None = None


def _all_guidance() -> dict[str, Guidance]:
    global _guidance_cache
    key = repr(getattr(settings, SETTING, None))
    cached = _guidance_cache
    if cached is not None and cached[0] == key:
        return cached[1]
    configured = _configured()  # checked whole, so a bad setting fails whichever band is asked
    overrides = {code: _merged(code, value) for code, value in configured.items()}
    every = {band: overrides.get(band) or _merged(band, {}) for band in DEFAULT_GUIDANCE}
    _guidance_cache = (key, every)
    return every


def guidance_for(band: str) -> Guidance | None:
    """The dosage guidance for ``band`` (``None`` for no or an unknown band): the defaults, with
    whatever ``REINTEGRA_DOSAGE_GUIDANCE`` sets for that band replacing them key by key."""
    return _all_guidance().get(band)  # the setting is checked whole, whichever band is asked


def band_label(band: str) -> str:
    """The band's name in the active language, lower case (for use inside a sentence)."""
    return _band_label(band, get_language()) if band in Band.values else band


@functools.lru_cache(maxsize=64)
def _band_label(band: str, language: str | None) -> str:
    # Remembered per band and language: a plan's dosage check names the band in most messages.
    return str(Band(band).label).lower()


def intensity_warning(guidance: Guidance, labels: Sequence[str]) -> DosageWarning:
    """The warning for programmes more intensive than ``guidance`` allows (named by ``labels``)."""
    names = ", ".join(label for label in labels if label) or _("A planned programme")
    message = ngettext(
        "%(names)s is more intensive than advised for %(band)s-risk people.",
        "%(names)s are more intensive than advised for %(band)s-risk people.",
        max(len([label for label in labels if label]), 1),
    ) % {"names": names, "band": band_label(guidance.band)}
    if guidance.band == Band.LOW:
        message = " ".join((message, _("Intensive programmes for people at low risk can increase reoffending.")))
    return DosageWarning(INTENSIVE_FOR_LOW_RISK, message)


def dosage_check(*, band: str, items: Sequence[PlannedItem]) -> Dosage:
    """Total the planned hours of ``items`` and compare them with the guidance for ``band``:
    warn of programmes more intensive than advised, and of totals over the maximum or under the
    minimum for the band. Without a known band there is nothing to compare with, and it says so."""
    planned = sum(item.hours for item in items)
    guidance = guidance_for(band)
    if guidance is None:
        message = _("The person has no assessed risk band, so the planned %(hours)s hours cannot be "
                    "checked against dosage guidance.") % {"hours": planned}
        return Dosage(band=band, planned_hours=planned, guidance=None,
                      warnings=(DosageWarning(NO_BAND, message),))
    warnings: list[DosageWarning] = []
    intensive = [item for item in items if not guidance.allows_intensity(item.intensity)]
    if intensive:
        warnings.append(intensity_warning(guidance, [item.label for item in intensive]))
    over = guidance.max_hours is not None and planned > guidance.max_hours
    under = guidance.min_hours is not None and planned < guidance.min_hours
    values = {"hours": planned, "band": band_label(band) if over or under else band,
              "min": guidance.min_hours, "max": guidance.max_hours}
    if over:
        warnings.append(DosageWarning(OVER_GUIDANCE, _(
            "%(hours)s hours planned: more than the %(max)s hours advised for %(band)s risk. "
            "Keep intensive work for the people it helps.") % values))
    if under:
        warnings.append(DosageWarning(UNDER_GUIDANCE, _(
            "%(hours)s hours planned: less than the %(min)s hours advised for %(band)s risk. "
            "Too little work does not reduce reoffending.") % values))
    return Dosage(band=band, planned_hours=planned, guidance=guidance, warnings=tuple(warnings))
