"""The graduated-response matrix: which response to propose for a compliance or positive event.

Pure (no database). ``propose(kind=, severity=, level=, history=)`` gives one ``ResponseKind``
proportionate to the event and to the person's supervision level, with the reasons in plain words:

- a positive event gets an incentive (never a sanction); sustained compliance at a low or medium
  level, long enough, gets a review for early discharge;
- a non-compliance event gets the matrix's response for its severity at the person's level, at
  least the floor set for its kind (a positive drug test calls for treatment first), one rung up the
  ladder for every few earlier events in the window, and a referral for a recall or revocation
  decision when serious events repeat.

Defaults are below (the table is in ``docs/supervision.md``); ``REINTEGRA_GRADUATED_RESPONSES``
replaces any part of them. The setting is checked whole when the app starts (``register``): a
wrong value stops start-up with a message naming the setting. Reasons are kept as codes with
their values (``Reason``), so a stored proposal is worded in the reader's language.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.supervision.choices import POSITIVE_EVENTS, EventKind, ResponseKind, Severity, SupervisionLevel

SETTING = "REINTEGRA_GRADUATED_RESPONSES"

# Incentives, and sanctions from the lightest to the heaviest: "a lighter response" means a lower rung.
INCENTIVES = (ResponseKind.PRAISE, ResponseKind.CERTIFICATE, ResponseKind.REDUCED_REPORTING,
              ResponseKind.EARLY_DISCHARGE_REVIEW)
LADDER = (
    ResponseKind.NO_ACTION, ResponseKind.VERBAL_WARNING, ResponseKind.WRITTEN_WARNING, ResponseKind.PROBLEM_SOLVING,
    ResponseKind.INCREASED_REPORTING, ResponseKind.TREATMENT_REFERRAL, ResponseKind.CURFEW,
    ResponseKind.FORMAL_BREACH, ResponseKind.RECALL_REVIEW,
)
RUNG = {str(kind): rung for rung, kind in enumerate(LADDER)}
SEVERITIES = (Severity.MINOR, Severity.MODERATE, Severity.SERIOUS)  # lightest first
LEVELS = (SupervisionLevel.LOW, SupervisionLevel.MEDIUM, SupervisionLevel.HIGH, SupervisionLevel.INTENSIVE)
ASSUMED_LEVEL = SupervisionLevel.MEDIUM  # when the period has no level decision yet
NEGATIVE_EVENTS = tuple(kind for kind in EventKind if kind not in POSITIVE_EVENTS)

DEFAULTS: dict[str, Any] = {
    # severity -> level -> response
    "sanctions": {
        "minor": {"low": "verbal_warning", "medium": "verbal_warning", "high": "written_warning",
                  "intensive": "written_warning"},
        "moderate": {"low": "written_warning", "medium": "problem_solving", "high": "increased_reporting",
                     "intensive": "increased_reporting"},
        "serious": {"low": "increased_reporting", "medium": "curfew", "high": "formal_breach",
                    "intensive": "formal_breach"},
    },
    # event kind -> severity -> the lightest response that kind of event gets
    "floors": {
        "positive_drug_test": {"minor": "problem_solving", "moderate": "treatment_referral",
                               "serious": "treatment_referral"},
        "new_arrest": {"minor": "written_warning", "moderate": "increased_reporting", "serious": "formal_breach"},
    },
    "window_days": 90,
    "repeat_step": 2,  # every 2 earlier non-compliance events in the window: one rung up
    "repeat_cap": "formal_breach",  # repetition alone never goes higher than this
    # level -> serious events in the window (this one included) that lead to a recall referral
    "recall_after_serious": {"low": 3, "medium": 3, "high": 2, "intensive": 2},
    # positive event kind -> incentive
    "incentives": {
        "job_found": "certificate", "programme_completed": "certificate", "negative_drug_test": "praise",
        "housing_secured": "praise", "sustained_compliance": "reduced_reporting",
    },
    "early_discharge": {"compliant_days": 180, "levels": ["low", "medium"]},
}
_KEYS = tuple(DEFAULTS)


@dataclass(frozen=True)
class Matrix:
    sanctions: Mapping[str, Mapping[str, str]]
    floors: Mapping[str, Mapping[str, str]]
    window_days: int
    repeat_step: int
    repeat_cap: str
    recall_after_serious: Mapping[str, int]
    incentives: Mapping[str, str]
    early_discharge_days: int
    early_discharge_levels: frozenset[str]


@dataclass(frozen=True)
class History:
    """What happened before the event, in the matrix's window (``window_days``), this event left
    out: the earlier non-compliance events by severity, and the days since the last one (or since
    the period started)."""

    serious: int = 0
    moderate: int = 0
    minor: int = 0
    compliant_days: int = 0

    @property
    def non_compliance(self) -> int:
        return self.serious + self.moderate + self.minor


@dataclass(frozen=True)
class Reason:
    """One step of the proposal: a stable ``code`` and the values it is worded with."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @property
    def text(self) -> str:
        return _word(self.code, self.params)


@dataclass(frozen=True)
class Proposal:
    response: str
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return str(ResponseKind(self.response).label)

    @property
    def summary(self) -> str:
        """The reasons and the proposal in one line, e.g. "serious event ...; high level -> ..."."""
        return summary(self.response, [reason.as_json() for reason in self.reasons])

    def reasons_json(self) -> list[dict[str, Any]]:
        return [reason.as_json() for reason in self.reasons]


# --- wording ---------------------------------------------------------------------------------------

def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label).lower()
    except ValueError:
        return str(value)


def _word(code: str, params: Mapping[str, Any]) -> str:
    kind, severity = _label(EventKind, params.get("kind")), _label(Severity, params.get("severity"))
    level, response = _label(SupervisionLevel, params.get("level")), _label(ResponseKind, params.get("response"))
    count, days = params.get("count", 0), params.get("days", 0)
    if code == "positive":
        return _("positive event (%(kind)s)") % {"kind": kind}
    if code == "event":
        return _("%(severity)s event (%(kind)s)") % {"severity": severity, "kind": kind}
    if code == "level":
        return _("%(level)s supervision level") % {"level": level}
    if code == "no_level":
        return _("no supervision level recorded, %(level)s assumed") % {"level": level}
    if code == "floor":
        return _("a %(kind)s calls for at least: %(response)s") % {"kind": kind, "response": response}
    if code == "repeat":
        steps = params.get("steps", 0)
        return " ".join((
            ngettext("%(count)s earlier non-compliance event in %(days)s days:",
                     "%(count)s earlier non-compliance events in %(days)s days:", count)
            % {"count": count, "days": days},
            ngettext("%(steps)s step up", "%(steps)s steps up", steps) % {"steps": steps}))
    if code == "serious_repeat":
        return ngettext("%(count)s serious event in %(days)s days", "%(count)s serious events in %(days)s days",
                        count) % {"count": count, "days": days}
    if code == "compliant":
        return ngettext("compliant for %(days)s day", "compliant for %(days)s days", days) % {"days": days}
    return code


def describe(reasons: Sequence[Mapping[str, Any]]) -> list[str]:
    """Stored reasons (``[{"code", "params"}]``) in words, in the active language."""
    return [_word(str(item.get("code", "")), item.get("params") or {}) for item in reasons if isinstance(item, Mapping)]


def summary(response: str, reasons: Sequence[Mapping[str, Any]]) -> str:
    """"reason; reason; ... -> proposed response" in the active language."""
    return _("%(reasons)s -> %(response)s") % {
        "reasons": "; ".join(describe(reasons)), "response": _label(ResponseKind, response)}


# --- the setting -----------------------------------------------------------------------------------

def _fail(message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{SETTING}: {message}")


def _names(values: Sequence[Any]) -> str:
    return ", ".join(str(value) for value in values)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(f"{where} must be an object, not {type(value).__name__}.")
    return value


def _known_keys(value: Mapping[str, Any], allowed: Sequence[Any], where: str, what: str) -> None:
    unknown = sorted(str(key) for key in set(value) - {str(item) for item in allowed})
    if unknown:
        raise _fail(f"unknown {what} {_names(unknown)} in {where}; use {_names(allowed)}.")


def _response(value: Any, where: str, allowed: Sequence[Any]) -> str:
    if value not in {str(item) for item in allowed}:
        raise _fail(f"{where} must be one of {_names(allowed)}, not {value!r}.")
    return str(value)


def _whole(value: Any, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(f"{where} must be a whole number of at least {minimum}, not {value!r}.")
    return value


def _sanctions(raw: Any) -> dict[str, dict[str, str]]:
    merged = {severity: dict(levels) for severity, levels in DEFAULTS["sanctions"].items()}
    _known_keys(_mapping(raw, "sanctions"), SEVERITIES, "sanctions", "severity")
    for severity, levels in raw.items():
        _known_keys(_mapping(levels, f"sanctions.{severity}"), LEVELS, f"sanctions.{severity}", "level")
        for level, response in levels.items():
            merged[severity][level] = _response(response, f"sanctions.{severity}.{level}", LADDER)
    for level in LEVELS:  # a more serious event never gets a lighter response at the same level
        rungs = [RUNG[merged[str(severity)][str(level)]] for severity in SEVERITIES]
        if rungs != sorted(rungs):
            raise _fail(f"at level {level} a more serious event gets a lighter response; order the responses "
                        f"from minor to serious by weight ({_names(LADDER)}).")
    for severity in SEVERITIES:  # nor at a higher level
        rungs = [RUNG[merged[str(severity)][str(level)]] for level in LEVELS]
        if rungs != sorted(rungs):
            raise _fail(f"for a {severity} event a higher level gets a lighter response; order the levels "
                        f"{_names(LEVELS)} from lightest to heaviest.")
    return merged


def _floors(raw: Any) -> dict[str, dict[str, str]]:
    _known_keys(_mapping(raw, "floors"), NEGATIVE_EVENTS, "floors", "event")
    floors: dict[str, dict[str, str]] = {}
    for kind, by_severity in raw.items():
        _known_keys(_mapping(by_severity, f"floors.{kind}"), SEVERITIES, f"floors.{kind}", "severity")
        floors[kind] = {severity: _response(response, f"floors.{kind}.{severity}", LADDER)
                        for severity, response in by_severity.items()}
        rungs = [RUNG[floors[kind][str(s)]] for s in SEVERITIES if str(s) in floors[kind]]
        if rungs != sorted(rungs):
            raise _fail(f"floors.{kind}: a more serious event gets a lighter floor.")
    return floors


def _recall(raw: Any) -> dict[str, int]:
    merged = dict(DEFAULTS["recall_after_serious"])
    _known_keys(_mapping(raw, "recall_after_serious"), LEVELS, "recall_after_serious", "level")
    for level, count in raw.items():
        merged[level] = _whole(count, f"recall_after_serious.{level}", 1)
    counts = [merged[str(level)] for level in LEVELS]
    if counts != sorted(counts, reverse=True):
        raise _fail("recall_after_serious: a higher level must not need more serious events than a lower one.")
    return merged


def _incentives(raw: Any) -> dict[str, str]:
    merged = dict(DEFAULTS["incentives"])
    _known_keys(_mapping(raw, "incentives"), sorted(POSITIVE_EVENTS), "incentives", "event")
    for kind, response in raw.items():
        merged[kind] = _response(response, f"incentives.{kind}", INCENTIVES + (ResponseKind.NO_ACTION,))
    return merged


def _early(raw: Any) -> tuple[int, frozenset[str]]:
    raw = _mapping(raw, "early_discharge")
    _known_keys(raw, ("compliant_days", "levels"), "early_discharge", "key")
    days = _whole(raw.get("compliant_days", DEFAULTS["early_discharge"]["compliant_days"]),
                  "early_discharge.compliant_days", 1)
    levels = raw.get("levels", DEFAULTS["early_discharge"]["levels"])
    if not isinstance(levels, list) or any(level not in SupervisionLevel.values for level in levels):
        raise _fail(f"early_discharge.levels must be a list of levels among {_names(LEVELS)}, not {levels!r}.")
    return days, frozenset(levels)


def _configured() -> Mapping[str, Any]:
    raw = getattr(settings, SETTING, None) or {}  # config.settings has parsed the JSON of the environment
    if not isinstance(raw, Mapping):
        raise _fail(f"must be an object with any of {_names(_KEYS)}, not {type(raw).__name__}.")
    _known_keys(raw, _KEYS, "the setting", "key")
    return raw


def build(raw: Mapping[str, Any]) -> Matrix:
    """The matrix from the defaults with ``raw`` (the setting's value) replacing parts of them."""
    floors = raw.get("floors", DEFAULTS["floors"])
    days, levels = _early(raw.get("early_discharge", {}))
    return Matrix(
        sanctions=_sanctions(raw.get("sanctions", {})), floors=_floors(floors),
        window_days=_whole(raw.get("window_days", DEFAULTS["window_days"]), "window_days", 1),
        repeat_step=_whole(raw.get("repeat_step", DEFAULTS["repeat_step"]), "repeat_step", 0),
        repeat_cap=_response(raw.get("repeat_cap", DEFAULTS["repeat_cap"]), "repeat_cap", LADDER),
        recall_after_serious=_recall(raw.get("recall_after_serious", {})),
        incentives=_incentives(raw.get("incentives", {})), early_discharge_days=days, early_discharge_levels=levels,
    )


# The matrix for the setting as last read, keyed by its repr: a changed setting is read again.
_cache: tuple[str, Matrix] | None = None


def matrix() -> Matrix:
    """The matrix in force (defaults with ``REINTEGRA_GRADUATED_RESPONSES`` applied)."""
    global _cache
    key = repr(getattr(settings, SETTING, None))
    if _cache is None or _cache[0] != key:
        _cache = (key, build(_configured()))
    return _cache[1]


def window_days() -> int:
    """How far back (days) earlier events count."""
    return matrix().window_days


def register() -> None:
    """At start-up: a wrong ``REINTEGRA_GRADUATED_RESPONSES`` stops it with its message."""
    matrix()


# --- proposing -------------------------------------------------------------------------------------

def _positive(kind: str, level: str, history: History, table: Matrix) -> Proposal:
    reasons = [Reason("positive", {"kind": kind})]
    response = table.incentives.get(kind, ResponseKind.PRAISE)
    if (kind == EventKind.SUSTAINED_COMPLIANCE and level in table.early_discharge_levels
            and history.compliant_days >= table.early_discharge_days):
        reasons += [Reason("level", {"level": level}), Reason("compliant", {"days": history.compliant_days})]
        response = ResponseKind.EARLY_DISCHARGE_REVIEW
    return Proposal(str(response), tuple(reasons))


def propose(*, kind: str, severity: str = "", level: str | None = None, history: History | None = None) -> Proposal:
    """The response proportionate to an event of ``kind`` (and ``severity`` for non-compliance) for
    a person supervised at ``level`` (``None``: not decided yet, medium assumed) with ``history``."""
    table, history = matrix(), history or History()
    if kind not in EventKind.values:
        raise ValueError(f"unknown event kind {kind!r}")
    known_level = level in SupervisionLevel.values
    level = str(level if known_level else ASSUMED_LEVEL)
    if kind in POSITIVE_EVENTS:
        return _positive(kind, level, history, table)
    if severity not in Severity.values:
        raise ValueError(f"a non-compliance event needs a severity, not {severity!r}")
    reasons = [Reason("event", {"kind": kind, "severity": severity}),
               Reason("level" if known_level else "no_level", {"level": level})]
    rung = RUNG[table.sanctions[severity][level]]
    floor = table.floors.get(kind, {}).get(severity)
    if floor is not None and RUNG[floor] > rung:
        rung = RUNG[floor]
        reasons.append(Reason("floor", {"kind": kind, "response": floor}))
    steps = history.non_compliance // table.repeat_step if table.repeat_step else 0
    if steps and rung < RUNG[table.repeat_cap]:
        rung = min(rung + steps, RUNG[table.repeat_cap])
        reasons.append(Reason("repeat", {"count": history.non_compliance, "days": table.window_days, "steps": steps}))
    serious = history.serious + 1
    if severity == Severity.SERIOUS and serious >= table.recall_after_serious[level]:
        rung = RUNG[ResponseKind.RECALL_REVIEW]
        reasons.append(Reason("serious_repeat", {"count": serious, "days": table.window_days}))
    return Proposal(str(LADDER[rung]), tuple(reasons))


def is_sanction(response: str) -> bool:
    return response in RUNG and response != ResponseKind.NO_ACTION
