"""The eligibility API: flags (supervised and custody), a period's eligibility (audited, purpose
outside one's caseload), recording reviews (201, 400 with the field, 403, 404)."""
from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.tests.factories import ProbationOfficeFactory
from reintegra.supervision.models import EligibilityReview
from reintegra.supervision.tests.test_eligibility_rules import TODAY, sentenced, supervised

pytestmark = pytest.mark.django_db

FLAGS = "/api/supervision/eligibility/flags/"
REVIEWS = "/api/supervision/eligibility/reviews/"


@pytest.fixture(autouse=True)
def parole_rules(settings) -> None:
    settings.REINTEGRA_KEY_DATE_RULES = "parole-thirds"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_flags_with_reasons() -> None:
    world = supervised()
    response = api(world.officer).get(FLAGS, {"rule": "early_discharge"})
    assert response.status_code == 200 and response.data["count"] == 1
    flag = response.data["results"][0]
    assert (flag["period"], flag["person"], flag["episode"]) == (world.period.pk, world.person.pk, None)
    assert flag["reasons"][0]["text"] == "on supervision 14 months (rule: at least 12)" and flag["reasons"][0]["met"]
    assert api(world.officer).get(FLAGS, {"rule": "nope"}).status_code == 400


def test_custody_flags_and_rights() -> None:
    episode = sentenced(term_days=900, served_days=280)
    manager = user_with_role(Role.PRISON_CASE_MANAGER, episode.facility)
    response = api(manager).get(FLAGS, {"population": "custody"})
    assert [(f["rule"], f["episode"]) for f in response.data["results"]] == [("parole_review", episode.pk)]
    assert api(manager).get(FLAGS).status_code == 403  # no supervision.view
    assert api(user_with_role(Role.VOLUNTEER)).get(FLAGS, {"population": "custody"}).status_code == 403


def test_period_eligibility_is_audited_and_needs_a_purpose_outside_the_caseload() -> None:
    world = supervised()
    response = api(world.officer).get(f"/api/supervision/periods/{world.period.pk}/eligibility/")
    assert response.status_code == 200 and response.data["open"]
    assert {rule["rule"] for rule in response.data["rules"]} == {"early_discharge", "lower_level"}
    supervisor = user_with_role(Role.SUPERVISOR, world.office)
    url = f"/api/supervision/periods/{world.period.pk}/eligibility/"
    assert api(supervisor).get(url).status_code == 400
    assert api(supervisor).get(url, {"purpose": "supervision"}).status_code == 200
    stranger = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
    assert api(stranger).get(url).status_code == 404


def test_recording_a_review() -> None:
    world = supervised()
    body = {"period": world.period.pk, "rule": "early_discharge", "outcome": "defer", "reason": "Later.",
            "defer_until": (TODAY + dt.timedelta(days=10)).isoformat()}
    response = api(world.officer).post(REVIEWS, body, format="json")
    assert response.status_code == 201 and response.data["outcome"] == "defer"
    assert response.data["reasons"][0]["text"].startswith("on supervision 14 months")
    listed = api(world.officer).get(REVIEWS)
    assert [row["id"] for row in listed.data["results"]] == [response.data["id"]]


def test_review_errors() -> None:
    world = supervised()
    client = api(world.officer)
    response = client.post(REVIEWS, {"period": world.period.pk, "rule": "early_discharge", "outcome": "defer",
                                     "reason": "x"}, format="json")
    assert response.status_code == 400 and "defer_until" in response.data
    response = client.post(REVIEWS, {"period": world.period.pk, "rule": "early_discharge", "outcome": "act",
                                     "reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.data
    stranger = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
    assert api(stranger).post(REVIEWS, {"period": world.period.pk, "rule": "early_discharge", "outcome": "act",
                                        "reason": "x"}, format="json").status_code == 404
    manager = user_with_role(Role.PRISON_CASE_MANAGER)
    assert api(manager).post(REVIEWS, {"period": world.period.pk, "rule": "early_discharge", "outcome": "act",
                                       "reason": "x"}, format="json").status_code == 403
    assert not EligibilityReview.objects.exists()


def test_custody_review_by_the_case_manager() -> None:
    episode = sentenced(term_days=900, served_days=280)
    manager = user_with_role(Role.PRISON_CASE_MANAGER, episode.facility)
    response = api(manager).post(REVIEWS, {"episode": episode.pk, "rule": "parole_review", "outcome": "act",
                                           "reason": "Dossier opened."}, format="json")
    assert response.status_code == 201 and response.data["episode"] == episode.pk
