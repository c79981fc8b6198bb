"""Training tables from the system's own records: one row per person at an index date.

Index dates are the start of a follow-up as in the proven-reoffending measure: release from a
sentenced custody stay, or the start of a community order (probation, community service,
suspended sentence). Features use only what was known on the index date. The outcome is proven
reoffending: an offence committed within the follow-up that led to a conviction or caution within
the follow-up or a further waiting period. Only index dates whose follow-up and waiting period
have fully passed are used for training.

The same ``features_at`` computes the inputs for training and for scoring one person today, so
the two cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd
from django.db.models import CharField, DateField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.analytics.choices import DataSource
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.riskmodels.dataset import DataError, DatasetSpec, dataset_from_frame
from reintegra.justice.choices import ChargeOutcome, CustodyKind, DispositionKind, ReleaseType
from reintegra.justice.models import Charge, CustodyEpisode, Disposition
from reintegra.people.models import Person

SECTIONS = tuple(f"{i:02d}" for i in range(1, 12))
PROVEN = {ChargeOutcome.CONVICTED.value, ChargeOutcome.CAUTIONED.value}
COMMUNITY_ORDERS = {DispositionKind.PROBATION.value, DispositionKind.COMMUNITY_SERVICE.value,
                    DispositionKind.SUSPENDED.value}
NOT_A_RELEASE = {ReleaseType.TRANSFER.value, ReleaseType.DEATH.value, ReleaseType.ESCAPE.value}
HISTORY_FEATURES = (
    "age", "sex", *(f"prior_convictions_{s}" for s in SECTIONS), "prior_custody_stays",
    "days_since_last_release", "index_kind",
)
ALL_FEATURES = (*HISTORY_FEATURES, "prior_convictions_total")
# Every input by default; those without variation in the data are left out (and listed on the card).
DEFAULT_FEATURES = ALL_FEATURES


@dataclass
class PersonHistory:
    person_id: int
    date_of_birth: dt.date | None
    sex: str
    nationality: str = ""  # for the fairness audit only, never an input
    # (offence_date, outcome, outcome_date, ICCS section)
    charges: list[tuple[dt.date, str, dt.date | None, str]] = field(default_factory=list)
    # (kind, admitted_on, released_on, release_type)
    custody: list[tuple[str, dt.date, dt.date | None, str]] = field(default_factory=list)
    # (kind, start date)
    orders: list[tuple[str, dt.date]] = field(default_factory=list)


def outcome_definition(follow_up_days: int, waiting_days: int) -> dict[str, Any]:
    """The definition stored with every rate and model trained from history."""
    return {
        "kind": "proven_reoffending",
        "follow_up_days": follow_up_days,
        "waiting_days": waiting_days,
        "index_events": ["release from sentenced custody", "start of a community order"],
        "counting_rule": "binary: any proven offence in the follow-up",
        "description": _(
            "Proven reoffending: an offence committed within %(follow)s days of the index date (release from "
            "custody or start of a community order) that led to a conviction or caution within that period or a "
            "further %(wait)s days."
        ) % {"follow": follow_up_days, "wait": waiting_days},
    }


def _age(dob: dt.date | None, on: dt.date) -> float:
    if dob is None:
        return float("nan")
    return float(on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day)))


def features_at(history: PersonHistory, on: dt.date, index_kind: str = "none") -> dict[str, Any]:
    """The inputs known on ``on``: age, sex, proven convictions before ``on`` by ICCS section,
    custody stays begun before ``on`` and days since the last release before ``on``."""
    row: dict[str, Any] = {"age": _age(history.date_of_birth, on), "sex": history.sex or "U", "index_kind": index_kind}
    counts = dict.fromkeys(SECTIONS, 0)
    for offence_date, outcome, outcome_date, section in history.charges:
        if outcome in PROVEN and outcome_date is not None and outcome_date < on and offence_date < on:
            if section in counts:
                counts[section] += 1
    for section, count in counts.items():
        row[f"prior_convictions_{section}"] = count
    row["prior_convictions_total"] = sum(counts.values())
    stays = 0
    last_release: dt.date | None = None
    for _kind, admitted_on, released_on, release_type in history.custody:
        if admitted_on < on and release_type != ReleaseType.TRANSFER:
            stays += 1
        if released_on is not None and released_on < on and release_type not in NOT_A_RELEASE:
            last_release = max(last_release, released_on) if last_release else released_on
    row["prior_custody_stays"] = stays
    row["days_since_last_release"] = float((on - last_release).days) if last_release else float("nan")
    return row


def index_events(history: PersonHistory) -> list[tuple[dt.date, str]]:
    """Every start of a follow-up: releases from sentenced custody and starts of community orders."""
    events = [
        (released_on, "release") for kind, _a, released_on, release_type in history.custody
        if kind == CustodyKind.SENTENCED and released_on is not None and release_type not in NOT_A_RELEASE
    ]
    events += [(start, "community_order") for kind, start in history.orders if kind in COMMUNITY_ORDERS]
    return sorted(events)


def reoffended(history: PersonHistory, index_date: dt.date, follow_up_days: int, waiting_days: int) -> int:
    """1 if an offence committed in the follow-up was proven within the follow-up plus the waiting period."""
    end = index_date + dt.timedelta(days=follow_up_days)
    proven_by = end + dt.timedelta(days=waiting_days)
    return int(any(
        index_date < offence_date <= end and outcome in PROVEN and outcome_date is not None and outcome_date <= proven_by
        for offence_date, outcome, outcome_date, _section in history.charges
    ))


def _date(value: Any) -> dt.date | None:
    """Dates from a UNION come back as text on SQLite (the column type is not carried through)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def load_histories(
    person_ids: Iterable[int] | None = None, *, people: Iterable[Person] | None = None,
) -> dict[int, PersonHistory]:
    """Everyone's record (or the given people's) in two queries, voided records left out. Pass
    loaded ``people`` to skip the query for their own rows (the person page has them already)."""
    if people is not None:
        histories = {p.pk: PersonHistory(p.pk, p.date_of_birth, p.sex, p.nationality) for p in people}
    else:
        rows = Person.objects.filter(voided_at__isnull=True)
        if person_ids is not None:
            rows = rows.filter(pk__in=list(person_ids))
        histories = {
            pk: PersonHistory(pk, dob, sex, nat)
            for pk, dob, sex, nat in rows.values_list("pk", "date_of_birth", "sex", "nationality")
        }
    if people is not None:
        person_ids = list(histories)
    ids = list(histories) if person_ids is not None else None

    def scoped(qs: Any, path: str) -> Any:
        return qs.filter(**{f"{path}__in": ids}) if ids is not None else qs

    # Charges, custody stays and community orders in one UNION ALL query (scoring one person on a
    # page is two queries in all).
    charges = scoped(Charge.objects.filter(voided_at__isnull=True, case__voided_at__isnull=True), "case__person_id")
    charges = charges.annotate(
        src=Value("c"), pid=F("case__person_id"), d1=F("offence_date"), d2=F("outcome_date"), t1=F("outcome"),
        t2=Coalesce("offence__iccs_section__code", "offence__code"),
    ).order_by().values_list("src", "pid", "d1", "d2", "t1", "t2")
    custody = scoped(CustodyEpisode.objects.filter(voided_at__isnull=True), "person_id").annotate(
        src=Value("k"), pid=F("person_id"), d1=F("admitted_on"), d2=F("released_on"), t1=F("kind"),
        t2=F("release_type"),
    ).order_by().values_list("src", "pid", "d1", "d2", "t1", "t2")
    orders = scoped(Disposition.objects.filter(voided_at__isnull=True, kind__in=COMMUNITY_ORDERS), "person_id").annotate(
        src=Value("o"), pid=F("person_id"), d1=Coalesce("starts_on", "decided_on"),
        d2=Value(None, output_field=DateField()), t1=F("kind"), t2=Value("", output_field=CharField()),
    ).order_by().values_list("src", "pid", "d1", "d2", "t1", "t2")
    for src, pid, d1, d2, t1, t2 in charges.union(custody, orders, all=True):
        history = histories.get(pid)
        if history is None:
            continue
        d1, d2 = _date(d1), _date(d2)
        if src == "c":
            history.charges.append((d1, t1, d2, (t2 or "")[:2]))
        elif src == "k":
            history.custody.append((t1, d1, d2, t2 or ""))
        else:
            history.orders.append((t1, d1))
    return histories


def history_frame(
    *, follow_up_days: int = 365, waiting_days: int = 182, as_of: dt.date | None = None,
    histories: dict[int, PersonHistory] | None = None,
) -> pd.DataFrame:
    """One row per person: their most recent index date whose follow-up and waiting period ended by
    ``as_of``, the features known then, and whether they were proven to reoffend."""
    as_of = as_of or timezone.localdate()
    latest_index = as_of - dt.timedelta(days=follow_up_days + waiting_days)
    rows = []
    for history in (histories if histories is not None else load_histories()).values():
        eligible = [(d, kind) for d, kind in index_events(history) if d <= latest_index]
        if not eligible:
            continue
        index_date, kind = eligible[-1]
        row = features_at(history, index_date, kind)
        row.update({"person_id": history.person_id, "index_date": index_date,
                    "nationality": history.nationality or "not recorded",
                    "reoffended": reoffended(history, index_date, follow_up_days, waiting_days)})
        rows.append(row)
    columns = ["person_id", "index_date", *ALL_FEATURES, "nationality", "reoffended"]
    return pd.DataFrame(rows, columns=columns)


def trained_model_train_history(
    *,
    follow_up_days: int = 365,
    waiting_days: int = 182,
    as_of: dt.date | None = None,
    features: list[str] | tuple[str, ...] = DEFAULT_FEATURES,
    family: str = "logistic",
    purpose: str | None = None,
    actor: Any = None,
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 1000,
    cutoff: float | None = None,
) -> TrainedModel:
    """Train a model on the system's own history (see the module docstring for the definitions)."""
    from django.core.exceptions import ValidationError

    from reintegra.analytics.services import data_error_as_validation, trained_model_train

    unknown = [f for f in features if f not in ALL_FEATURES]
    if unknown:
        raise ValidationError({"features": [_("Unknown history features: %(names)s. Available: %(available)s.") % {
            "names": ", ".join(unknown), "available": ", ".join(ALL_FEATURES)}]})
    frame = history_frame(follow_up_days=follow_up_days, waiting_days=waiting_days, as_of=as_of)
    frame["index_date"] = pd.to_datetime(frame["index_date"])
    usable = [f for f in features if f in frame and frame[f].nunique(dropna=True) > 1]
    # Nationality is audited (foreign nationals are a group with specific needs), never an input.
    groups = ("nationality",) if frame["nationality"].nunique() > 1 else ()
    try:
        dataset = dataset_from_frame(frame, DatasetSpec(target="reoffended", features=tuple(usable), groups=groups,
                                                        time="index_date"))
    except DataError as exc:
        raise data_error_as_validation(exc) from exc
    dropped = sorted(set(features) - set(usable))
    return trained_model_train(
        dataset=dataset, source=DataSource.HISTORY, family=family,
        purpose=purpose or f"proven-reoffending-{follow_up_days}d", actor=actor, folds=folds, seed=seed,
        bootstrap=bootstrap, cutoff=cutoff, outcome_definition=outcome_definition(follow_up_days, waiting_days),
        data_description={"as_of": (as_of or timezone.localdate()).isoformat(), "unit": "person at an index date",
                          "features_without_variation": dropped},
    )


def person_values(person: Person | int, on: dt.date | None = None) -> dict[str, Any]:
    """The model inputs for one person (a loaded Person, or an id) as of ``on`` (today by default)."""
    on = on or timezone.localdate()
    if isinstance(person, Person):
        history = load_histories(people=[person]).get(person.pk)
    else:
        history = load_histories([person]).get(person)
    if history is None:
        return {}
    events = [kind for d, kind in index_events(history) if d <= on]
    return features_at(history, on, events[-1] if events else "none")
