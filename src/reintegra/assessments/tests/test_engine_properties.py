"""Properties of scoring (hypothesis): higher-scoring answers never lower a score or band."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reintegra.assessments.instruments import Instrument, Item, load_definition, score

INSTRUMENT: Instrument = load_definition(Path(__file__).parent / "definitions" / "test-needs.yaml")
SCORED = [i for i in INSTRUMENT.items() if i.type in ("choice", "number")]


def _value(item: Item) -> st.SearchStrategy[Any]:
    if item.type == "choice":
        return st.sampled_from([o.code for o in item.options])
    return st.integers(min_value=int(item.min or 0), max_value=int(item.max or 0))


answers_st = st.fixed_dictionaries({}, optional={i.code: _value(i) for i in SCORED})


def _raised(item: Item, value: Any, data: st.DataObject) -> Any:
    """A different answer to ``item`` scoring at least as much as ``value`` (None if there is none)."""
    if item.type == "choice":
        higher = [o.code for o in item.options if o.score > item.option_scores[value]]
        return data.draw(st.sampled_from(higher)) if higher else None
    return data.draw(st.integers(min_value=value, max_value=int(item.max or 0)))


def _band_index(code: str | None, scale_code: str) -> int:
    scale = next(s for s in INSTRUMENT.scales if s.code == scale_code)
    return [b.code for b in scale.bands].index(code)


@settings(max_examples=300, deadline=None)
@given(answers=answers_st, data=st.data())
def test_raising_one_answer_never_lowers_a_domain_a_scale_or_a_band(answers: dict[str, Any],
                                                                   data: st.DataObject) -> None:
    present = [i for i in SCORED if i.code in answers]
    if not present:
        return
    item = data.draw(st.sampled_from(present))
    raised = _raised(item, answers[item.code], data)
    if raised is None:
        return
    before, after = score(INSTRUMENT, answers), score(INSTRUMENT, {**answers, item.code: raised})
    for old, new in zip(before.domains, after.domains, strict=True):
        assert new.score >= old.score, old.code
    for old_scale, new_scale in zip(before.scales, after.scales, strict=True):
        assert new_scale.score >= old_scale.score, old_scale.code
        assert _band_index(new_scale.band, new_scale.code) >= _band_index(old_scale.band, old_scale.code)


@given(a=st.floats(min_value=-5, max_value=50), b=st.floats(min_value=-5, max_value=50))
def test_bands_are_monotone_in_the_score(a: float, b: float) -> None:
    for scale in INSTRUMENT.scales:
        low, high = sorted((a, b))
        codes = [band.code for band in scale.bands]
        band_low, band_high = scale.band_for(low), scale.band_for(high)
        assert band_low is not None and band_high is not None
        assert codes.index(band_low.code) <= codes.index(band_high.code)
        if high >= scale.bands[0].min:
            assert band_high.min <= high


@given(answers=answers_st)
def test_scores_stay_within_their_maximum_and_round_trip(answers: dict[str, Any]) -> None:
    result = score(INSTRUMENT, answers)
    for domain in result.domains:
        assert 0 <= domain.score <= domain.max
    for scale in result.scales:
        assert scale.max is not None and 0 <= scale.score <= scale.max
    assert type(result).from_dict(result.as_dict(), INSTRUMENT) == result  # texts back from the definition
    assert result.as_json() == json.dumps(result.as_dict())  # the bulk path's faster encoding, same text
    assert result.as_json() == json.dumps(result.as_dict())  # and again, from its reused parts
