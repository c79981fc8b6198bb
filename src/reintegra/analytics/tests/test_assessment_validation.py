"""Local validation of instruments: exact figures on known data, the database read and the command."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from reintegra.analytics.assessment_validation import (
    BandRate, assessment_validation, bands_in_order, outcome_definition, validate_scores,
)
from reintegra.assessments.models import Assessment, InstrumentVersion
from reintegra.justice import services as justice
from reintegra.justice.choices import ChargeOutcome
from reintegra.justice.tests.factories import CaseFactory, ChargeFactory, iccs_section
from reintegra.people.tests.factories import PersonFactory

D = dt.date
TODAY = D(2025, 6, 30)
BANDS = [("low", "Low"), ("moderate", "Moderate"), ("high", "High")]


def known_data() -> tuple[list[float], list[str], list[int]]:
    """low: 20 people scoring 5, 5 reoffend; moderate: 22 scoring 15, 11 reoffend; high: 5 scoring 25, 4 reoffend."""
    scores: list[float] = []
    bands: list[str] = []
    outcomes: list[int] = []
    for score, band, n, events in ((5, "low", 20, 5), (15, "moderate", 22, 11), (25, "high", 5, 4)):
        scores += [score] * n
        bands += [band] * n
        outcomes += [1] * events + [0] * (n - events)
    return scores, bands, outcomes


def test_exact_auc_and_band_rates_on_known_data() -> None:
    scores, bands, outcomes = known_data()
    v = validate_scores(instrument="tool", scores=scores, bands=bands, outcomes=outcomes, band_order=BANDS,
                        resamples=100)
    # 20 reoffenders x 27 non-reoffenders: pairs ranked right count 1, ties count one half.
    right = 5 * 15 * 0.5 + 11 * 15 + 11 * 11 * 0.5 + 4 * (15 + 11) + 4 * 1 * 0.5
    assert v.auc == pytest.approx(right / (20 * 27))
    assert v.auc_lower is not None and v.auc_lower < v.auc < v.auc_upper
    assert (v.n, v.reoffenders) == (47, 20)
    assert [(b.band, b.n, b.reoffenders) for b in v.bands] == [("low", 20, 5), ("moderate", 22, 11), ("high", 5, 4)]
    assert v.bands[1].rate == 0.5 and v.bands_ordered is True
    published = v.as_dict()
    # Counts under 10 are shown as "<10" and no rate is derived from them.
    assert published["bands"] == [
        {"band": "low", "label": "Low", "n": 20, "reoffenders": "<10", "rate": None},
        {"band": "moderate", "label": "Moderate", "n": 22, "reoffenders": 11, "rate": 0.5},
        {"band": "high", "label": "High", "n": "<10", "reoffenders": "<10", "rate": None},
    ]
    assert published["base_rate"] == round(20 / 47, 4)
    assert v.verdict.startswith("Bands ordered: yes.") and "Moderate 50%" in v.verdict and "0.68" in v.verdict


def test_bands_out_of_order_are_reported_and_small_bands_do_not_decide() -> None:
    rows = [BandRate("low", "Low", 30, 12), BandRate("moderate", "Moderate", 30, 9), BandRate("high", "High", 5, 5)]
    assert bands_in_order(rows) is False
    rows = [BandRate("low", "Low", 30, 9), BandRate("moderate", "Moderate", 30, 12), BandRate("high", "High", 5, 0)]
    assert bands_in_order(rows) is True  # the high band has fewer than 10 people
    assert bands_in_order([BandRate("low", "Low", 30, 9)]) is None
    v = validate_scores(instrument="tool", scores=[1] * 30 + [2] * 30, bands=["low"] * 30 + ["high"] * 30,
                        outcomes=[1] * 15 + [0] * 15 + [1] * 10 + [0] * 20, band_order=BANDS, resamples=0)
    assert v.bands_ordered is False and v.verdict.startswith("Bands ordered: no.")
    assert v.auc == pytest.approx(1 - (15 * 20 + 0.5 * (15 * 15 + 10 * 20)) / (25 * 35))


def test_bands_not_in_the_definition_are_kept_and_one_outcome_gives_no_auc() -> None:
    v = validate_scores(instrument="tool", scores=[1, 2, 3] * 5, bands=["low", "odd", "low"] * 5, outcomes=[0] * 15,
                        band_order=[("low", "Low")])
    assert [b.band for b in v.bands] == ["low", "odd"] and v.auc is None
    assert "cannot be computed" in v.verdict


# --- the database read -------------------------------------------------------------------------

@pytest.fixture
def tool() -> InstrumentVersion:
    return InstrumentVersion.objects.create(
        code="test-tool", version="1", kind="needs", title={"en": "Test tool", "es": "Herramienta"}, sha256="x" * 64,
        definition={"scales": [{"code": "total", "bands": [
            {"code": "low", "min": 0, "label": {"en": "Low"}}, {"code": "moderate", "min": 10, "label": {"en": "Moderate"}},
            {"code": "high", "min": 20, "label": {"en": "High"}}]}]},
    )


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def assess(person, tool: InstrumentVersion, on: dt.date, total: float, band: str, **extra) -> Assessment:  # type: ignore[no-untyped-def]
    fields = dict(person=person, instrument=tool, status="completed", occasion="admission", started_at=_at(on),
                  completed_at=_at(on), total=total, computed_band=band, final_band=band)
    fields.update(extra)
    return Assessment.objects.create(**fields)


def reoffend(person, offence_on: dt.date, proven_on: dt.date) -> None:  # type: ignore[no-untyped-def]
    case = CaseFactory(person=person, opened_on=offence_on + dt.timedelta(days=5))
    charge = ChargeFactory(case=case, offence=iccs_section("02"), offence_date=offence_on)
    justice.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED, outcome_date=proven_on,
                               expected_version=charge.version)


@pytest.mark.django_db
def test_selector_counts_each_person_once_with_an_observable_follow_up(tool: InstrumentVersion) -> None:
    assessed = D(2022, 1, 10)  # follow-up to 2024-01-10, waiting period to 2024-07-10: observable on TODAY
    people = [PersonFactory() for _ in range(24)]
    for k, person in enumerate(people):
        high = k >= 12
        assess(person, tool, assessed, 25 if high else 5, "high" if high else "low")
    for person in people[:2] + people[12:24]:  # 2 of 12 low, all 12 high reoffend in time
        reoffend(person, D(2023, 3, 1), D(2023, 6, 1))
    # Not counted: an offence before the assessment, one proven after the waiting period.
    reoffend(people[5], D(2021, 6, 1), D(2021, 9, 1))
    reoffend(people[6], D(2023, 12, 1), D(2024, 9, 1))
    # An earlier assessment of the same person: only the latest observable one counts.
    assess(people[0], tool, D(2021, 1, 10), 15, "moderate")
    # Too recent, voided, and draft assessments are left out.
    assess(people[1], tool, D(2024, 1, 10), 25, "high")
    assess(people[2], tool, D(2021, 6, 1), 25, "high", voided_at=_at(D(2021, 7, 1)), void_reason="x")
    assess(people[3], tool, D(2021, 6, 2), 25, "high", status="draft", completed_at=None)

    report = assessment_validation(today=TODAY, resamples=0)
    assert report.completed == 26 and report.not_observable == 1
    [v] = report.instruments
    assert v.instrument == "test-tool" and v.title == "Test tool" and v.n == 24 and v.reoffenders == 14
    assert [(b.band, b.n, b.reoffenders) for b in v.bands] == [("low", 12, 2), ("moderate", 0, 0), ("high", 12, 12)]
    assert v.auc == pytest.approx((12 * 10 + 0.5 * 2 * 10) / (14 * 10))
    assert report.outcome_definition == outcome_definition(730, 182)
    assert report.as_dict()["outcome_definition"]["follow_up_days"] == 730

    # The same records a year earlier: nobody's follow-up has passed yet.
    early = assessment_validation(today=D(2022, 6, 30), resamples=0)
    assert early.instruments[0].n == 0 and early.notes


@pytest.mark.django_db
def test_no_completed_assessments_is_a_clear_error(tool: InstrumentVersion) -> None:
    with pytest.raises(ValidationError, match="no completed assessments to validate"):
        assessment_validation(today=TODAY)
    with pytest.raises(CommandError, match="no completed assessments to validate"):
        call_command("assessments", "validate", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no completed assessments of other-tool.*test-tool"):
        call_command("assessments", "validate", "--instrument", "other-tool", stdout=io.StringIO())


@pytest.mark.django_db
def test_command_prints_text_and_json(tool: InstrumentVersion) -> None:
    for k in range(30):
        person = PersonFactory()
        high = k >= 15
        assess(person, tool, D(2022, 1, 10), 25 if high else 5, "high" if high else "low")
        if k < 3 or k >= 15:
            reoffend(person, D(2023, 3, 1), D(2023, 6, 1))
    out = io.StringIO()
    call_command("assessments", "validate", "--today", TODAY.isoformat(), "--quiet", stdout=out)
    text = out.getvalue()
    assert "test-tool — Test tool" in text and "people counted: 30, reoffended: 18 (60.0%)" in text
    assert "AUC of the primary score: 0.917 (95% CI" in text  # (15 x 12 + 3 x 12 / 2) / (18 x 12)
    assert "Low" in text and "<10" in text and "Bands ordered: yes." in text

    out = io.StringIO()
    call_command("assessments", "validate", "--today", TODAY.isoformat(), "--format", "json",
                 "--instrument", "test-tool", "--bootstrap", "0", stdout=out)
    data = json.loads(out.getvalue())
    [tool_data] = data["instruments"]
    assert tool_data["auc"] == 0.9167 and tool_data["auc_lower"] is None and tool_data["bands_ordered"] is True
    assert tool_data["bands"][0] == {"band": "low", "label": "Low", "n": 15, "reoffenders": "<10", "rate": None}
    assert tool_data["bands"][2] == {"band": "high", "label": "High", "n": 15, "reoffenders": 15, "rate": None}
    assert data["outcome_definition"]["kind"] == "proven_reoffending" and data["today"] == "2025-06-30"
