"""Local validation of assessment instruments: do their scores and bands predict reoffending here?

An instrument written elsewhere (or a national one written from the literature) has to be checked
on the population it is used on. For each instrument with completed assessments this module
measures, on the system's own records:

* the AUC of the instrument's primary score for two-year proven reoffending (the chance that a
  person who reoffended scored higher than one who did not; 0.5 is chance), with a bootstrap
  95% interval;
* the observed reoffending rate in each band of the primary scale, with counts (counts under 10
  are shown as "<10" and the rates built from them are not shown);
* a plain-language verdict: are the bands in order (each band reoffends at least as often as the
  band below it)?

The outcome is the proven-reoffending measure of ``analytics.history`` (an offence committed
within the follow-up that led to a conviction or caution within the follow-up or a further waiting
period), counted from the date the assessment was completed. An assessment counts only when that
follow-up and the waiting period have fully passed by ``today``; each person counts once per
instrument, with their latest such assessment (repeated assessments of one person are not
independent observations). The computed band is used, not an overridden one: this checks the
instrument, not the professionals' overrides.

``validate_scores`` is the pure computation (arrays in, figures out); ``assessment_validation``
reads the database and calls it per instrument.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.analytics.history import load_histories, reoffended
from reintegra.analytics.riskmodels import metrics
from reintegra.analytics.riskmodels.bootstrap import resample_counts
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.instruments import tr
from reintegra.assessments.models import Assessment, InstrumentVersion

FOLLOW_UP_DAYS = 730
WAITING_DAYS = 182
MIN_CELL = 10          # counts below this are shown as "<10"
BOOTSTRAP = 200
_CHUNK = 2000          # persons per history query (keeps SQL parameter lists short)

Progress = Callable[[int, int], None]  # (persons just done, persons in all)


def outcome_definition(follow_up_days: int = FOLLOW_UP_DAYS, waiting_days: int = WAITING_DAYS) -> dict[str, Any]:
    """The outcome definition stored with every validation figure."""
    return {
        "kind": "proven_reoffending",
        "follow_up_days": follow_up_days,
        "waiting_days": waiting_days,
        "index_events": ["completion of the assessment"],
        "counting_rule": "binary: any proven offence in the follow-up",
        "unit": "person and instrument: the latest completed assessment whose follow-up is observable",
        "band": "computed band of the primary scale (overrides left out)",
        "description": _(
            "Proven reoffending: an offence committed within %(follow)s days of the date the assessment was "
            "completed that led to a conviction or caution within that period or a further %(wait)s days. An "
            "assessment counts when both periods have passed; each person counts once per instrument, with their "
            "latest such assessment."
        ) % {"follow": follow_up_days, "wait": waiting_days},
    }


@dataclass(frozen=True)
class BandRate:
    """Observed reoffending in one band. Counts under ``MIN_CELL`` are suppressed."""

    band: str
    label: str
    n: int
    reoffenders: int

    @property
    def rate(self) -> float | None:
        return self.reoffenders / self.n if self.n else None

    @property
    def reportable(self) -> bool:
        """Whether the rate may be shown: the band and both of its outcome counts are 10 or more."""
        return self.n >= MIN_CELL and MIN_CELL <= self.reoffenders <= self.n - MIN_CELL

    def as_dict(self) -> dict[str, Any]:
        """The published form: small counts as "<10", and no rate derived from them."""
        return {
            "band": self.band, "label": self.label,
            "n": self.n if self.n >= MIN_CELL else f"<{MIN_CELL}",
            "reoffenders": self.reoffenders if self.reoffenders >= MIN_CELL else f"<{MIN_CELL}",
            "rate": round(self.rate, 4) if self.reportable and self.rate is not None else None,
        }


@dataclass(frozen=True)
class InstrumentValidation:
    """The figures for one instrument."""

    instrument: str
    title: str
    kind: str
    n: int
    reoffenders: int
    auc: float | None
    auc_lower: float | None
    auc_upper: float | None
    bands: list[BandRate]
    bands_ordered: bool | None  # None: fewer than two bands with 10 or more people
    verdict: str

    def as_dict(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if key != "bands"}
        data["n"] = self.n if self.n >= MIN_CELL else f"<{MIN_CELL}"
        data["reoffenders"] = self.reoffenders if self.reoffenders >= MIN_CELL else f"<{MIN_CELL}"
        data["base_rate"] = (round(self.reoffenders / self.n, 4)
                             if self.n >= MIN_CELL and MIN_CELL <= self.reoffenders <= self.n - MIN_CELL else None)
        for key in ("auc", "auc_lower", "auc_upper"):
            data[key] = None if data[key] is None else round(data[key], 4)
        data["bands"] = [b.as_dict() for b in self.bands]
        return data


@dataclass(frozen=True)
class ValidationReport:
    """Every instrument's figures, the outcome definition and what was left out."""

    today: dt.date
    outcome_definition: dict[str, Any]
    instruments: list[InstrumentValidation]
    completed: int              # completed assessments considered
    not_observable: int         # of which the follow-up has not yet passed
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(), "outcome_definition": self.outcome_definition,
            "completed_assessments": self.completed, "not_yet_observable": self.not_observable,
            "instruments": [i.as_dict() for i in self.instruments], "notes": list(self.notes),
        }


def auc_interval(y: np.ndarray, score: np.ndarray, *, resamples: int = BOOTSTRAP,
                 seed: int = 0) -> tuple[float | None, float | None]:
    """Percentile bootstrap 95% interval of the AUC (None without both outcomes or resamples)."""
    if resamples <= 0 or len(y) < 2 or y.min() == y.max():
        return None, None
    order = np.argsort(score, kind="mergesort")
    ys, ss = y[order], score[order]
    rng = np.random.default_rng(seed)
    block = max(1, min(resamples, 4_000_000 // len(ys)))
    values = []
    done = 0
    while done < resamples:
        size = min(block, resamples - done)
        values.append(metrics.auc_weighted(ys, ss, resample_counts(len(ys), size, rng), presorted=True))
        done += size
    all_values = np.concatenate(values)
    all_values = all_values[np.isfinite(all_values)]
    if not len(all_values):
        return None, None
    lo, hi = np.percentile(all_values, [2.5, 97.5])
    return float(lo), float(hi)


def auc_strength(value: float) -> str:
    """Plain-language size of an AUC (Rice and Harris 2005: 0.556, 0.639 and 0.714 correspond to
    small, medium and large effects, Cohen's d of 0.2, 0.5 and 0.8)."""
    if value < 0.556:
        return _("little or no better than chance")
    if value < 0.639:
        return _("weak")
    if value < 0.714:
        return _("moderate")
    return _("strong")


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def verdict(*, auc: float | None, bands: Sequence[BandRate], ordered: bool | None, n: int) -> str:
    """One paragraph a manager can read: are the bands in order, and how well does the score separate?"""
    if n < MIN_CELL:
        return _("Too few assessments with a completed follow-up to say anything yet (fewer than %(min)s).") % {
            "min": MIN_CELL}
    shown = [b for b in bands if b.reportable]
    rates = ", ".join(f"{b.label} {_percent(b.rate or 0.0)}" for b in shown)
    if ordered is None:
        first = _("Bands ordered: cannot tell (fewer than two bands hold %(min)s or more people).") % {"min": MIN_CELL}
    elif ordered:
        first = _("Bands ordered: yes. Each band reoffended at least as often as the band below it") + (
            f" ({rates})." if rates else ".")
    else:
        first = _("Bands ordered: no. A higher band reoffended less often than a lower one") + (
            f" ({rates})" if rates else "") + _("; the bands should be reviewed before they guide decisions here.")
    if auc is None:
        return first + " " + _("The AUC cannot be computed: everyone counted had the same outcome.")
    return first + " " + _(
        "The score's AUC is %(auc).2f: its ability to tell apart people who reoffended from those who did not "
        "is %(strength)s."
    ) % {"auc": auc, "strength": auc_strength(auc)}


def bands_in_order(bands: Sequence[BandRate]) -> bool | None:
    """True when the observed rate never falls from one band to the next (bands with fewer than
    ``MIN_CELL`` people are left out as too noisy); None when fewer than two bands remain."""
    rates = [b.rate for b in bands if b.n >= MIN_CELL and b.rate is not None]
    if len(rates) < 2:
        return None
    return all(later >= earlier for earlier, later in zip(rates, rates[1:]))


def validate_scores(
    *, instrument: str, title: str = "", kind: str = "", scores: Sequence[float], bands: Sequence[str],
    outcomes: Sequence[int], band_order: Sequence[tuple[str, str]], resamples: int = BOOTSTRAP, seed: int = 0,
) -> InstrumentValidation:
    """The figures for one instrument from parallel arrays: primary score, computed band and outcome
    (0/1) per person. ``band_order`` lists (band code, label) from the lowest band up; bands seen in
    the data but not listed are added after them in order of appearance."""
    y = np.asarray(outcomes, dtype=float)
    s = np.asarray(scores, dtype=float)
    n = len(y)
    events = int(y.sum())
    has_both = n > 0 and 0 < events < n
    value = metrics.auc(y, s) if has_both else None
    lower, upper = auc_interval(y, s, resamples=resamples, seed=seed) if has_both else (None, None)
    order = list(band_order) + [(b, b) for b in dict.fromkeys(bands) if b not in {code for code, _l in band_order}]
    counts: dict[str, list[int]] = {code: [0, 0] for code, _label in order}
    for band, outcome in zip(bands, y):
        counts[band][0] += 1
        counts[band][1] += int(outcome)
    rows = [BandRate(code, label, *counts[code]) for code, label in order]
    ordered = bands_in_order(rows)
    return InstrumentValidation(
        instrument=instrument, title=title, kind=kind, n=n, reoffenders=events, auc=value, auc_lower=lower,
        auc_upper=upper, bands=rows, bands_ordered=ordered, verdict=verdict(auc=value, bands=rows, ordered=ordered, n=n),
    )


def _band_order(version: InstrumentVersion) -> list[tuple[str, str]]:
    scales = (version.definition or {}).get("scales") or []
    if not scales:
        return []
    return [(band["code"], tr(band.get("label")) or band["code"]) for band in scales[0].get("bands") or []]


def _as_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def assessment_validation(
    *, today: dt.date | None = None, instrument: str | None = None, follow_up_days: int = FOLLOW_UP_DAYS,
    waiting_days: int = WAITING_DAYS, resamples: int = BOOTSTRAP, progress: Progress | None = None,
) -> ValidationReport:
    """Validate every instrument with completed assessments (or only ``instrument``) against
    two-year proven reoffending in this database, as of ``today`` (default: today's date).

    Raises ``ValidationError`` when there are no completed assessments (of that instrument).
    Internal read for analysts and the command line; it returns aggregates only.
    """
    today = today or timezone.localdate()
    latest = today - dt.timedelta(days=follow_up_days + waiting_days)
    qs = Assessment.objects.filter(status=AssessmentStatus.COMPLETED, voided_at__isnull=True,
                                   completed_at__isnull=False, total__isnull=False)
    if instrument:
        qs = qs.filter(instrument__code=instrument)
    rows = list(qs.order_by().values_list("person_id", "instrument__code", "completed_at", "total", "computed_band"))
    if not rows:
        if instrument:
            known = sorted(set(InstrumentVersion.objects.values_list("code", flat=True)))
            raise ValidationError({"instrument": [_(
                "There are no completed assessments of %(code)s to validate. Instruments with stored versions: "
                "%(known)s."
            ) % {"code": instrument, "known": ", ".join(known) or _("none")}]})
        raise ValidationError({"assessments": [_(
            "There are no completed assessments to validate. Complete some assessments (or generate synthetic "
            "data with `reintegra synth`) first."
        )]})

    # Each person's latest assessment per instrument whose follow-up has passed.
    latest_per: dict[tuple[str, int], tuple[dt.date, float, str]] = {}
    not_observable = 0
    for person_id, code, completed_at, total, band in rows:
        on = _as_date(completed_at)
        if on > latest:
            not_observable += 1
            continue
        key = (code, person_id)
        if key not in latest_per or on > latest_per[key][0]:
            latest_per[key] = (on, float(total), band)

    outcome: dict[tuple[str, int], int] = {}
    person_ids = sorted({pid for _code, pid in latest_per})
    by_person: dict[int, list[tuple[str, dt.date]]] = {}
    for (code, pid), (on, _total, _band) in latest_per.items():
        by_person.setdefault(pid, []).append((code, on))
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start:start + _CHUNK]
        histories = load_histories(chunk)
        for pid in chunk:
            history = histories.get(pid)
            for code, on in by_person[pid]:
                outcome[(code, pid)] = reoffended(history, on, follow_up_days, waiting_days) if history else 0
        if progress is not None:
            progress(len(chunk), len(person_ids))

    versions: dict[str, InstrumentVersion] = {}
    for version in InstrumentVersion.objects.order_by("code", "created_at", "pk"):
        versions[version.code] = version  # the most recently stored version of each code
    codes = sorted({code for _p, code, *_rest in rows})
    results = []
    for code in codes:
        keys = sorted(k for k in latest_per if k[0] == code)
        version = versions.get(code)
        title = tr(version.title) if version else code
        kind = version.kind if version else ""
        results.append(validate_scores(
            instrument=code, title=title, kind=kind,
            scores=[latest_per[k][1] for k in keys], bands=[latest_per[k][2] for k in keys],
            outcomes=[outcome[k] for k in keys], band_order=_band_order(version) if version else [],
            resamples=resamples,
        ))
    notes = []
    if not latest_per:
        notes.append(_(
            "No assessment is old enough: the follow-up (%(follow)s days) and the waiting period (%(wait)s days) "
            "have to pass after an assessment before it can be checked against reoffending (earliest usable "
            "completion date: %(latest)s)."
        ) % {"follow": follow_up_days, "wait": waiting_days, "latest": latest.isoformat()})
    return ValidationReport(today=today, outcome_definition=outcome_definition(follow_up_days, waiting_days),
                            instruments=results, completed=len(rows), not_observable=not_observable, notes=notes)
