"""The risk panel on the person page: estimate with interval and reasons, or nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reintegra.accounts.tests.factories import Role, user_with_role
from reintegra.analytics.panels import risk_context
from reintegra.analytics.services import trained_model_activate
from reintegra.analytics.tests.test_history import _person_released
from reintegra.people.models import Person
from reintegra.people.panels import render_panels

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_model():  # type: ignore[no-untyped-def]
    import numpy as np

    from reintegra.analytics.history import trained_model_train_history

    rng = np.random.default_rng(2)
    for _ in range(60):
        priors = int(rng.integers(0, 4))
        _person_released(dt.date(2021, 1, 1) + dt.timedelta(days=int(rng.integers(0, 600))),
                         reoffends=bool(rng.uniform() < 0.15 + 0.2 * priors), priors=priors,
                         born=dt.date(1970, 1, 1) + dt.timedelta(days=int(rng.integers(0, 12000))))
    model = trained_model_train_history(as_of=dt.date(2025, 6, 1), family="scorecard", bootstrap=20)
    return trained_model_activate(model=model, actor=user_with_role(Role.ANALYST), fairness_priority="calibration")


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_panel_shows_estimate_with_interval_and_factors_or_nothing(client, history_model) -> None:  # type: ignore[no-untyped-def]
    # one training run (60 people through the services) serves every check below
    person = Person.objects.order_by("pk").last()
    context = risk_context(_request(user_with_role(Role.PROBATION_OFFICER)), person)
    assert context is not None
    estimate = context["estimate"]
    assert 0 < estimate.lower <= estimate.probability <= estimate.upper < 1
    assert context["all_factors"] and context["outcome_text"].startswith("Proven reoffending")
    html = {p.key: p.html for p in render_panels(_request(user_with_role(Role.PROBATION_OFFICER)), person)}["analytics-risk"]
    assert "95% interval" in html and "Of 100 people with the same record" in html
    assert "Every factor" in html and "Proven reoffending" in html

    client.force_login(user_with_role(Role.PROBATION_OFFICER))
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    assert "Statistical estimate of reoffending" in response.content.decode()

    # hidden from users who may not see justice data, and when no model is active
    assert risk_context(_request(user_with_role(Role.VOLUNTEER)), person) is None
    history_model.active = False
    history_model.save(update_fields=["active"])
    assert risk_context(_request(user_with_role(Role.PROBATION_OFFICER)), person) is None



def test_scoring_follow_ups_and_recording_their_outcomes_for_monitoring(history_model) -> None:  # type: ignore[no-untyped-def]
    from reintegra.analytics.history import history_frame
    from reintegra.analytics.selectors import model_monitor
    from reintegra.analytics.services import prediction_outcomes_update, predictions_record_recent

    created = predictions_record_recent(model=history_model, since=dt.date(2020, 1, 1))
    assert len(created) == 60 and all(p.lower <= p.probability <= p.upper for p in created)
    assert predictions_record_recent(model=history_model, since=dt.date(2020, 1, 1)) == []  # once per index date
    assert prediction_outcomes_update(model=history_model) == 60
    report = model_monitor(model=history_model)
    expected = history_frame(as_of=dt.date(2025, 6, 1))["reoffended"].mean()
    assert report["n"] == 60 and report["observed_rate"] == pytest.approx(expected)
    assert report["status"] in {"ok", "drift"} and report["pending"] == 0

    # the same through the command line, and a person's own prediction with a missing input (no
    # earlier release) is stored with null, not NaN
    import io

    from django.core.management import call_command

    from reintegra.analytics.services import prediction_record

    out = io.StringIO()
    call_command("model", "score", "--days", "10000", stdout=out)
    assert "Recorded 0 predictions" in out.getvalue()  # every follow-up was scored above
    call_command("model", "monitor", "--update-outcomes", "--days", "10000", stdout=out)
    assert "n=60, observed" in out.getvalue()
    prediction = prediction_record(model=history_model, values={"age": 30, "sex": "M", "days_since_last_release": float("nan")})
    prediction.refresh_from_db()
    assert prediction.inputs["days_since_last_release"] is None
