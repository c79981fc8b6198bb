"""PSA calculators: worked examples from the published weights, every conversion, validation."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reintegra.assessments.calculators import psa
from reintegra.assessments.calculators.psa import (
    FTA_SCALE,
    NCA_SCALE,
    PsaInputs,
    nca_band,
    nvca_flag,
    psa_fta,
    psa_nca,
    psa_nvca,
    psa_validate,
)
from reintegra.assessments.instruments import calculator_get
from reintegra.assessments.instruments.engine import score
from reintegra.assessments.instruments.loader import load_definition
from reintegra.assessments.instruments.registry import SHIPPED_DIR

NOTHING = {"age_arrest": 40, "current_violent": "no", "pending_charge": "no", "prior_misdemeanour": "no",
           "prior_felony": "no", "prior_violent": 0, "fta_recent": 0, "fta_old": "no", "prior_incarceration": "no"}


@pytest.fixture(scope="module")
def instrument():  # type: ignore[no-untyped-def]
    return load_definition(SHIPPED_DIR / "psa.yaml")


def answers(**changes: object) -> dict[str, object]:
    return {**NOTHING, **changes}


# -- worked examples, by hand from the published weights ----------------------------------------
# Each row: answers, then (FTA raw, FTA scaled), (NCA raw, NCA scaled), (NVCA raw, flag), band.
EXAMPLES = [
    # A. 40, nothing on record: every score at its lowest.
    (answers(), (0, 1), (0, 1), (0, False), "low"),
    # B. 22 (still "22 or younger": NCA +2), pending charge (FTA +1, NCA +3, NVCA +1), prior
    #    misdemeanour (NCA +1; prior conviction: FTA +1, NVCA +1).
    (answers(age_arrest=22, pending_charge="yes", prior_misdemeanour="yes"), (2, 3), (6, 4), (2, False), "moderate"),
    # C. 23 (no age points), current violent offence but over 20 (NVCA +2 only), prior misdemeanour,
    #    3 prior violent convictions (NCA +2, NVCA +2), 2 recent FTAs (FTA +4, NCA +2).
    (answers(age_arrest=23, current_violent="yes", prior_misdemeanour="yes", prior_violent=3, fta_recent=2),
     (5, 5), (5, 4), (5, True), "moderate"),
    # D. 20 with a current violent offence (NVCA +2 +1), pending, prior felony, 1 prior violent
    #    conviction, 1 recent FTA (FTA +2, NCA +1), an old FTA (FTA +1), prior incarceration (NCA +2).
    (answers(age_arrest=20, current_violent="yes", pending_charge="yes", prior_felony="yes", prior_violent=1,
             fta_recent=1, fta_old="yes", prior_incarceration="yes"), (5, 5), (10, 6), (6, True), "very_high"),
    # E. Everything: every raw score at its maximum (7, 13, 7).
    (answers(age_arrest=18, current_violent="yes", pending_charge="yes", prior_misdemeanour="yes",
             prior_felony="yes", prior_violent=5, fta_recent=4, fta_old="yes", prior_incarceration="yes"),
     (7, 6), (13, 6), (7, True), "very_high"),
    # F. NVCA just below the flag: 21 with a current violent offence (not "20 or younger") and a
    #    pending charge: NVCA 2 + 1 = 3; NCA 2 (age) + 3 = 5 -> 4.
    (answers(age_arrest=21, current_violent="yes", pending_charge="yes"), (1, 2), (5, 4), (3, False), "moderate"),
    # G. The same plus a prior misdemeanour conviction: NVCA 4, the flag; NCA 6 -> 4.
    (answers(age_arrest=21, current_violent="yes", pending_charge="yes", prior_misdemeanour="yes"),
     (2, 3), (6, 4), (4, True), "moderate"),
    # H. Prior felony and incarceration, 1 recent FTA: FTA 1+2 = 3 -> 4; NCA 1+1+2 = 4 -> 3.
    (answers(prior_felony="yes", prior_incarceration="yes", fta_recent=1), (3, 4), (4, 3), (1, False), "moderate"),
    # I. Only an old FTA: FTA 1 -> 2; NCA 0.
    (answers(fta_old="yes"), (1, 2), (0, 1), (0, False), "low"),
    # J. 19, prior felony, pending, 2 prior violent (NCA +1), prior incarceration: NCA 2+3+1+1+2 = 9 -> 6.
    (answers(age_arrest=19, prior_felony="yes", pending_charge="yes", prior_violent=2, prior_incarceration="yes"),
     (2, 3), (9, 6), (3, False), "very_high"),
    # K. 30, pending, prior misdemeanour and felony, 1 recent FTA, incarceration: NCA 3+1+1+1+2 = 8 -> 5;
    #    FTA 1+1+2 = 4 -> 4.
    (answers(age_arrest=30, prior_misdemeanour="yes", prior_felony="yes", fta_recent=1, prior_incarceration="yes",
             pending_charge="yes"), (4, 4), (8, 5), (2, False), "high"),
    # L. 22, prior felony and incarceration, 2 recent FTAs, an old FTA: NCA 2+1+2+2 = 7 -> 5;
    #    FTA 1+4+1 = 6 -> 5.
    (answers(age_arrest=22, prior_felony="yes", prior_incarceration="yes", fta_recent=2, fta_old="yes"),
     (6, 5), (7, 5), (1, False), "high"),
    # M. Only a pending charge: FTA 1 -> 2, NCA 3 -> 3, NVCA 1.
    (answers(pending_charge="yes"), (1, 2), (3, 3), (1, False), "moderate"),
    # N. Only a prior misdemeanour conviction: FTA 1 -> 2, NCA 1 -> 2, NVCA 1.
    (answers(prior_misdemeanour="yes"), (1, 2), (1, 2), (1, False), "low"),
    # O. Only the age, 22: NCA 2 -> 2.
    (answers(age_arrest=22), (0, 1), (2, 2), (0, False), "low"),
]


@pytest.mark.parametrize(("given_answers", "fta", "nca", "nvca", "band"), EXAMPLES)
def test_worked_examples(given_answers: dict[str, object], fta: tuple[int, int], nca: tuple[int, int],
                         nvca: tuple[int, bool], band: str) -> None:
    inputs = psa_validate(given_answers)
    assert (psa_fta(inputs).raw, psa_fta(inputs).scaled) == fta
    assert (psa_nca(inputs).raw, psa_nca(inputs).scaled) == nca
    assert (psa_nvca(inputs).raw, nvca_flag(psa_nvca(inputs).raw)) == nvca
    assert nca_band(nca[1]) == band


def test_the_examples_cover_every_conversion() -> None:
    """Every FTA raw 0-7, every NCA boundary, and NVCA on both sides of the flag."""
    fta_raws = {e[1][0] for e in EXAMPLES}
    nca_raws = {e[2][0] for e in EXAMPLES}
    assert fta_raws >= {0, 1, 2, 3, 4, 5, 6, 7}
    assert nca_raws >= {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13}
    assert {e[3][0] for e in EXAMPLES} >= {3, 4}


@pytest.mark.parametrize(("given_answers", "fta", "nca", "nvca", "band"), EXAMPLES)
def test_worked_examples_through_the_engine(instrument, given_answers, fta, nca, nvca, band) -> None:  # type: ignore[no-untyped-def]
    result = score(instrument, given_answers)
    assert result.primary == "nca" and result.band == band and result.total == nca[1]
    assert result.scale("nca").details["raw"] == nca[0]
    assert result.scale("fta").score == fta[1] and result.scale("fta").band == f"fta_{fta[1]}"
    assert result.scale("nvca").score == nvca[0]
    assert result.scale("nvca").band == ("flag" if nvca[1] else "no_flag")
    assert result.scale("nvca").details["flag"] is nvca[1]
    # The engine raises the declared safety flag from the calculator's output, naming the scale.
    raised = {flag.code: flag.because for flag in result.flags}
    assert ("nvca" in raised) is nvca[1]
    if nvca[1]:
        assert raised["nvca"] == ("nvca",)


def test_published_conversion_tables() -> None:
    assert FTA_SCALE == (1, 2, 3, 4, 4, 5, 5, 6)
    assert NCA_SCALE == (1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6, 6, 6)
    assert [nvca_flag(raw) for raw in range(8)] == [False] * 4 + [True] * 4


@pytest.mark.parametrize(("scaled", "band"), [(1, "low"), (2, "low"), (3, "moderate"), (4, "moderate"),
                                              (5, "high"), (6, "very_high")])
def test_reintegra_band_of_the_nca_score(scaled: int, band: str, instrument) -> None:  # type: ignore[no-untyped-def]
    assert nca_band(scaled) == band
    assert instrument.scales[0].band_for(scaled).code == band


def test_contributions_name_every_factor(instrument) -> None:  # type: ignore[no-untyped-def]
    result = score(instrument, EXAMPLES[3][0])
    nca = result.scale("nca")
    assert [c.code for c in nca.contributions] == [
        "age", "pending", "prior_misdemeanour", "prior_felony", "prior_violent", "fta_recent", "prior_incarceration"]
    assert sum(c.points for c in nca.contributions) == nca.details["raw"] == 10
    nvca = {c.code: c.points for c in result.scale("nvca").contributions}
    assert nvca == {"current_violent": 2, "violent_young": 1, "pending": 1, "prior_conviction": 1, "prior_violent": 1}
    assert result.as_dict()["scales"][0]["contributions"][0]["label"] == "Age at current arrest"


# -- validation --------------------------------------------------------------------------------

def test_under_18_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as caught:
        psa_validate(answers(age_arrest=17))
    message = caught.value.message_dict["age_arrest"][0]
    assert "18 or older" in message and "17" in message


def test_under_18_is_refused_by_the_engine_too(instrument) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        score(instrument, answers(age_arrest=17))
    assert "18" in caught.value.message_dict["age_arrest"][0]


def test_missing_and_wrong_answers_are_keyed_by_item() -> None:
    with pytest.raises(ValidationError) as caught:
        psa_validate({"age_arrest": 30, "pending_charge": "maybe", "prior_violent": -1, "fta_recent": 1.5})
    errors = caught.value.message_dict
    assert set(errors) == {"current_violent", "pending_charge", "prior_misdemeanour", "prior_felony",
                           "prior_violent", "fta_recent", "fta_old", "prior_incarceration"}
    assert "yes or no" in errors["pending_charge"][0]


def test_calculators_are_registered() -> None:
    assert calculator_get("psa_nca") is psa.calculate_nca
    assert calculator_get("psa_fta") is psa.calculate_fta
    assert calculator_get("psa_nvca") is psa.calculate_nvca


# -- properties --------------------------------------------------------------------------------

YES_NO = ("current_violent", "pending_charge", "prior_misdemeanour", "prior_felony", "fta_old", "prior_incarceration")


@given(age=st.integers(18, 90), flags=st.fixed_dictionaries({k: st.booleans() for k in YES_NO}),
       violent=st.integers(0, 6), fta=st.integers(0, 6), raise_one=st.sampled_from(YES_NO + ("violent", "fta", "age")))
def test_more_risk_never_lowers_a_score(age: int, flags: dict[str, bool], violent: int, fta: int, raise_one: str) -> None:
    base = PsaInputs(age=age, prior_violent=violent, fta_recent=fta, **flags)
    if raise_one in YES_NO:
        worse = PsaInputs(**{**base.__dict__, raise_one: True})
    elif raise_one == "violent":
        worse = PsaInputs(**{**base.__dict__, "prior_violent": violent + 1})
    elif raise_one == "fta":
        worse = PsaInputs(**{**base.__dict__, "fta_recent": fta + 1})
    else:
        worse = PsaInputs(**{**base.__dict__, "age": max(18, age - 3)})
    for scale in (psa_fta, psa_nca, psa_nvca):
        assert scale(worse).raw >= scale(base).raw
        assert scale(worse).scaled >= scale(base).scaled
    assert 0 <= psa_fta(base).raw <= 7 and 0 <= psa_nca(base).raw <= 13 and 0 <= psa_nvca(base).raw <= 7
