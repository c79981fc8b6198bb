"""Synthetic assessments: answers follow the latent levels, routing holds, runs are repeatable, and
the needs band predicts the realised reoffending."""
from __future__ import annotations

import datetime as dt
import inspect
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from django.db import transaction

from reintegra.analytics.assessment_validation import assessment_validation
from reintegra.assessments.instruments import instrument_get, missing_required, score
from reintegra.assessments.models import Assessment
from reintegra.synth import assessments as synth_assessments
from reintegra.synth import services
from reintegra.synth.answers import answer_model
from reintegra.synth.models import SyntheticProfile

TODAY = dt.date(2025, 3, 31)


@contextmanager
def assessments_in_synth() -> Iterator[None]:
    """Call ``assessments_write`` after each batch, as ``_write_batch`` does once the call is added
    at its end (until then the batch and its saved persons are captured here)."""
    if "assessments_write(" in inspect.getsource(services._write_drawn):
        yield
        return
    write_batch, bulk_create = services._write_batch, services.person_bulk_create
    saved: dict[str, Any] = {}

    def person_bulk_create(**kw: Any) -> Any:
        saved["persons"] = bulk_create(**kw)
        return saved["persons"]

    def _write_batch(*, run: Any, j: Any, drawn: Any) -> None:
        write_batch(run=run, j=j, drawn=drawn)
        synth_assessments.assessments_write(run=run, j=j, drafts=drawn.drafts, persons=saved["persons"],
                                            histories=drawn.histories)

    services._write_batch, services.person_bulk_create = _write_batch, person_bulk_create
    try:
        yield
    finally:
        services._write_batch, services.person_bulk_create = write_batch, bulk_create


def synth(persons: int, seed: int, batch_size: int = 2000) -> Any:
    with assessments_in_synth():
        return services.synth_run(persons=persons, seed=seed, today=TODAY, batch_size=batch_size)


# --- the generic answer generator (no database) --------------------------------------------------

def test_domain_scores_rise_with_the_latent_level_and_answers_are_valid() -> None:
    needs = instrument_get("reintegra-needs")
    model = answer_model(needs)
    k = len(model.domain_codes)
    by_level: dict[int, list[float]] = defaultdict(list)
    for level in range(4):
        levels = np.full((300, k), level)
        for answers in model.draw(levels, np.random.default_rng(level)):
            assert not missing_required(needs, answers)
            result = score(needs, answers)
            by_level[level] += [d.score / d.max for d in result.domains]
    means = [float(np.mean(by_level[level])) for level in range(4)]
    assert means == sorted(means) and means[3] - means[0] > 0.5, means
    # Level 3 scores most of each domain's maximum, level 0 little of it.
    assert means[0] < 0.2 and means[3] > 0.7


def test_routing_is_respected_and_strengths_come_with_low_levels() -> None:
    needs = instrument_get("reintegra-needs")
    model = answer_model(needs)
    k = len(model.domain_codes)
    low = model.draw(np.zeros((400, k)), np.random.default_rng(1))
    high = model.draw(np.full((400, k), 3), np.random.default_rng(2))
    for answers in low + high:
        for item in needs.item_list:
            rule = item.show_if
            if rule is not None and rule.values is not None and answers.get(rule.item) not in rule.values:
                assert item.code not in answers, item.code
    strengths_low = np.mean([len(score(needs, a).strengths) for a in low])
    strengths_high = np.mean([len(score(needs, a).strengths) for a in high])
    assert strengths_low > 3 * strengths_high
    # Children follow the known fact when one is given.
    facts = model.draw(np.ones((50, k)), np.random.default_rng(3), facts={"fam_children": ["no"] * 50})
    assert all(a["fam_children"] == "no" and "fam_children_relation" not in a for a in facts)


def test_the_same_generator_gives_the_same_answers() -> None:
    model = answer_model(instrument_get("reintegra-screener"))
    levels = np.random.default_rng(0).integers(0, 4, size=(100, len(model.domain_codes)))
    assert model.draw(levels, np.random.default_rng(9)) == model.draw(levels, np.random.default_rng(9))


# --- in a synthetic run -----------------------------------------------------------------------------

def _content() -> list[tuple[Any, ...]]:
    index = dict(SyntheticProfile.objects.values_list("person_id", "index"))
    return sorted(
        (index[pid], code, occasion, str(completed), sorted(answers.items()), total, band)
        for pid, code, occasion, completed, answers, total, band in Assessment.objects.values_list(
            "person_id", "instrument__code", "occasion", "completed_at", "answers", "total", "computed_band"))


@pytest.mark.django_db
def test_a_run_writes_needs_screener_and_ogrs3_assessments_deterministically() -> None:
    savepoint = transaction.savepoint()
    synth(150, seed=21, batch_size=60)
    first = _content()
    transaction.savepoint_rollback(savepoint)
    assert not Assessment.objects.exists()
    synth(150, seed=21, batch_size=60)
    assert _content() == first

    codes = defaultdict(int)
    for code, in Assessment.objects.values_list("instrument__code"):
        codes[code] += 1
    assert codes["reintegra-needs"] > 100 and codes["reintegra-screener"] > 10 and 10 < codes["ogrs3"] < 50  # a quarter sample
    # Every assessment lies on or before the reference date, and the series have more than one point.
    assert all(a.date() <= TODAY for a in Assessment.objects.values_list("completed_at", flat=True))
    per_person = defaultdict(int)
    for pid in Assessment.objects.filter(instrument__code="reintegra-needs").values_list("person_id", flat=True):
        per_person[pid] += 1
    assert sum(1 for n in per_person.values() if n > 1) > 10
    # The release assessment of a custodial index is answered from the profile's own levels.
    profile = SyntheticProfile.objects.filter(index_disposition="custodial", followup_start__isnull=False).first()
    assert Assessment.objects.filter(person_id=profile.person_id, occasion="release").exists()


@pytest.mark.django_db
def test_needs_band_reoffending_rises_with_the_band_on_two_thousand_people() -> None:
    synth(2000, seed=5)
    report = assessment_validation(today=TODAY, instrument="reintegra-needs", resamples=0)
    [needs] = report.instruments
    rates = [b.rate for b in needs.bands if b.n >= 30]
    assert len(rates) >= 3 and rates == sorted(rates), [(b.band, b.n, b.reoffenders) for b in needs.bands]
    assert needs.bands_ordered is True and needs.auc is not None and needs.auc > 0.62
    # Domain scores follow the latent levels in the stored results.
    levels = dict(SyntheticProfile.objects.values_list("person_id", "substance_level"))
    by_level: dict[int, list[float]] = defaultdict(list)
    for pid, result in Assessment.objects.filter(
            instrument__code="reintegra-needs", occasion="release").values_list("person_id", "result"):
        substance = next(d for d in result["domains"] if d["code"] == "substance")
        by_level[levels[pid]].append(substance["score"])
    means = [np.mean(by_level[level]) for level in range(4) if by_level[level]]
    assert means == sorted(means)
