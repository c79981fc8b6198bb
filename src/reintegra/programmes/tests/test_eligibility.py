from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reintegra.programmes.choices import Band, Literacy, SexEligibility
from reintegra.programmes.eligibility import Facts, age_on, eligibility


def _programme(**rules: Any) -> SimpleNamespace:
    base = {"risk_bands": [], "sex_eligibility": SexEligibility.ANY, "min_age": None, "max_age": None,
            "languages": [], "min_literacy": Literacy.NONE, "excluded_sections": []}
    return SimpleNamespace(**{**base, **rules})


def _rules(programme: SimpleNamespace, facts: Facts) -> list[str]:
    return [reason.rule for reason in eligibility(programme, facts)]


def test_no_rules_admit_anyone() -> None:
    assert _rules(_programme(), Facts()) == []


def test_each_rule_names_itself() -> None:
    programme = _programme(risk_bands=["high"], sex_eligibility="F", min_age=21, languages=["es"],
                           min_literacy="functional", excluded_sections=["03"])
    facts = Facts(band="low", sex="M", age=19, languages=("en",), literacy="basic", offence_section="0301")
    assert _rules(programme, facts) == ["risk_band", "sex", "age", "language", "literacy", "offence"]
    eligible = Facts(band="high", sex="F", age=30, languages=("ES", "en"), literacy="full", offence_section="02")
    assert _rules(programme, eligible) == []


def test_unknown_facts_fail_the_rules_that_need_them() -> None:
    programme = _programme(risk_bands=["moderate"], max_age=25, min_literacy="basic")
    reasons = eligibility(programme, Facts())
    assert [reason.rule for reason in reasons] == ["risk_band", "age", "literacy"]
    assert "no assessed risk band" in reasons[0].message


def test_age_boundaries() -> None:
    programme = _programme(min_age=18, max_age=25)
    assert _rules(programme, Facts(age=18)) == [] and _rules(programme, Facts(age=25)) == []
    assert _rules(programme, Facts(age=17)) == ["age"] and _rules(programme, Facts(age=26)) == ["age"]
    import datetime as dt

    assert age_on(dt.date(2000, 6, 15), dt.date(2018, 6, 14)) == 17
    assert age_on(dt.date(2000, 6, 15), dt.date(2018, 6, 15)) == 18


@given(
    bands=st.sets(st.sampled_from(Band.values), min_size=1),
    band=st.sampled_from([*Band.values, ""]),
    sex=st.sampled_from(["F", "M", "X", "U"]),
    age=st.one_of(st.none(), st.integers(0, 100)),
    literacy=st.sampled_from(["", *Literacy.values]),
)
def test_a_person_outside_the_risk_bands_is_never_eligible(bands: set[str], band: str, sex: str, age: int | None,
                                                            literacy: str) -> None:
    programme = _programme(risk_bands=sorted(bands))
    reasons = eligibility(programme, Facts(band=band, sex=sex, age=age, literacy=literacy))
    if band in bands:
        assert reasons == []
    else:
        assert "risk_band" in [reason.rule for reason in reasons]
