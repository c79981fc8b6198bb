"""Training tables from the system's own records: features at the index date, proven reoffending."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from reintegra.analytics.history import (
    PersonHistory, features_at, history_frame, index_events, load_histories, person_values, reoffended,
    trained_model_train_history,
)
from reintegra.justice import services as justice
from reintegra.justice.choices import ChargeOutcome, CustodyKind, DispositionKind, ReleaseType
from reintegra.justice.tests.factories import (
    CaseFactory, ChargeFactory, CustodyEpisodeFactory, DispositionFactory, iccs_section,
)
from reintegra.people.tests.factories import PersonFactory
from reintegra.reentry.tests.factories import release_ready

D = dt.date


def history() -> PersonHistory:
    return PersonHistory(
        person_id=1, date_of_birth=D(1990, 6, 15), sex="M",
        charges=[
            (D(2015, 1, 1), "convicted", D(2015, 3, 1), "02"),
            (D(2016, 1, 1), "convicted", D(2016, 2, 1), "05"),
            (D(2016, 5, 1), "acquitted", D(2016, 6, 1), "05"),      # not proven
            (D(2019, 12, 1), "convicted", D(2020, 2, 1), "02"),     # convicted after the index date
            (D(2020, 6, 1), "convicted", D(2021, 1, 1), "06"),      # in follow-up, proven in time
        ],
        custody=[
            ("sentenced", D(2016, 3, 1), D(2017, 3, 1), "end_of_sentence"),
            ("sentenced", D(2019, 1, 1), D(2019, 6, 1), "transfer"),
            ("sentenced", D(2019, 6, 1), D(2020, 1, 10), "parole"),
        ],
    )


def test_features_use_only_what_was_known_on_the_index_date() -> None:
    row = features_at(history(), D(2020, 1, 10), "release")
    assert row["age"] == 29 and row["sex"] == "M" and row["index_kind"] == "release"
    assert row["prior_convictions_02"] == 1  # the 2019 offence was convicted after the index date
    assert row["prior_convictions_05"] == 1 and row["prior_convictions_06"] == 0
    assert row["prior_convictions_total"] == 2
    assert row["prior_custody_stays"] == 2  # the transfer is one stay, not two
    assert row["days_since_last_release"] == (D(2020, 1, 10) - D(2017, 3, 1)).days


def test_index_events_are_releases_from_sentence_and_community_orders() -> None:
    h = history()
    h.orders.append(("probation", D(2021, 5, 1)))
    assert index_events(h) == [(D(2017, 3, 1), "release"), (D(2020, 1, 10), "release"),
                               (D(2021, 5, 1), "community_order")]


def test_proven_reoffending_counts_the_waiting_period() -> None:
    h = history()
    assert reoffended(h, D(2020, 1, 10), 365, 182) == 1  # offence 2020-06-01, convicted 2021-01-01
    # 180-day follow-up ends 2020-07-08: the conviction falls in a 182-day waiting period, not in 0 days
    assert reoffended(h, D(2020, 1, 10), 180, 182) == 1
    assert reoffended(h, D(2020, 1, 10), 180, 0) == 0
    assert reoffended(h, D(2020, 1, 10), 100, 182) == 0   # offence after a 100-day follow-up
    assert reoffended(h, D(2020, 7, 1), 365, 182) == 0   # offence before this index date


def _person_released(released: dt.date, *, reoffends: bool, priors: int, born: dt.date) -> None:
    person = PersonFactory(date_of_birth=born)
    case = CaseFactory(person=person, opened_on=released - dt.timedelta(days=400))
    for k in range(priors):
        charge = ChargeFactory(case=case, offence=iccs_section("05"),
                               offence_date=released - dt.timedelta(days=420 + 30 * k))
        justice.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                                   outcome_date=released - dt.timedelta(days=380), expected_version=charge.version)
    sentence = DispositionFactory(case=case, kind=DispositionKind.CUSTODIAL, decided_on=released - dt.timedelta(days=370),
                                  term_days=365)
    stay = CustodyEpisodeFactory(person=person, kind=CustodyKind.SENTENCED, disposition=sentence,
                                 admitted_on=released - dt.timedelta(days=365))
    release_ready(stay)  # the pre-release checklist waived, the first appointment booked
    stay.refresh_from_db()
    justice.custody_release(actor=None, episode=stay, released_on=released, release_type=ReleaseType.END_OF_SENTENCE,
                            expected_version=stay.version)
    if reoffends:
        later = CaseFactory(person=person, opened_on=released + dt.timedelta(days=100))
        charge = ChargeFactory(case=later, offence=iccs_section("02"), offence_date=released + dt.timedelta(days=90))
        justice.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                                   outcome_date=released + dt.timedelta(days=200), expected_version=charge.version)


@pytest.mark.django_db
def test_history_frame_and_training_from_records() -> None:
    rng = np.random.default_rng(0)
    for i in range(64):
        priors = int(rng.integers(0, 4))
        _person_released(D(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700))),
                         reoffends=bool(rng.uniform() < 0.2 + 0.15 * priors), priors=priors,
                         born=D(1970, 1, 1) + dt.timedelta(days=int(rng.integers(0, 12000))))
    as_of = D(2025, 6, 1)
    frame = history_frame(as_of=as_of)
    assert len(frame) == 64
    assert frame["index_kind"].eq("release").all() and frame["prior_custody_stays"].eq(1).all()
    assert frame["reoffended"].sum() >= 10
    assert frame["prior_convictions_05"].max() >= 2 and frame["prior_convictions_02"].eq(0).all()

    model = trained_model_train_history(as_of=as_of, family="logistic", bootstrap=50)
    assert model.source == "history" and model.purpose == "proven-reoffending-365d"
    assert model.outcome_definition["kind"] == "proven_reoffending"
    assert model.outcome_definition["waiting_days"] == 182
    assert "prior_convictions_05" in model.features and "prior_convictions_02" not in model.features
    assert model.validation["time_split"] is not None
    assert "nationality" not in model.features  # audited only when it varies, and never an input

    person_id = int(frame.loc[frame["prior_convictions_05"].idxmax(), "person_id"])
    values = person_values(person_id)
    assert values["prior_convictions_05"] == frame["prior_convictions_05"].max()
    assert values["prior_convictions_02"] in (0, 1)
    assert set(load_histories([person_id])) == {person_id}


@pytest.mark.django_db
def test_history_training_with_too_little_history_says_so() -> None:
    with pytest.raises(ValidationError) as err:
        trained_model_train_history(as_of=D(2025, 1, 1), bootstrap=10)
    assert "rows" in str(err.value) or "feature" in str(err.value)
