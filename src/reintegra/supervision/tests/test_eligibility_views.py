"""Eligibility pages: the flag lists (by rule, paginated, scoped), a period's and a custody stay's
eligibility, the review form (errors on the form, nothing written), refusals for users without
the right or the person, and fixed query counts."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.audit.tests.helpers import state_purpose
from reintegra.justice.tests.factories import ProbationOfficeFactory
from reintegra.supervision.models import EligibilityReview
from reintegra.supervision.tests.test_eligibility_rules import TODAY, sentenced, supervised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def parole_rules(settings) -> None:
    settings.REINTEGRA_KEY_DATE_RULES = "parole-thirds"


def client_for(user, *purpose_for) -> Client:
    """A logged-in client (Accept-Language English) that has stated a purpose for ``purpose_for`` people."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    for person in purpose_for:
        state_purpose(client, person.pk)
    return client


def test_the_list_shows_flags_with_reasons_by_rule() -> None:
    world = supervised()
    other = supervised(months=5, office=world.office, officer=world.officer, band="high", level_="high")
    client = client_for(world.officer)
    response = client.get(reverse("supervision:eligibility"))
    assert response.status_code == 200
    text = response.content.decode()
    assert world.person.full_name in text and "on supervision 14 months (rule: at least 12)" in text
    assert other.person.full_name not in text  # meets no rule
    response = client.get(reverse("supervision:eligibility"), {"rule": "lower_level"})
    assert response.content.decode().count('data-flag="lower_level"') == 1
    assert 'data-flag="early_discharge"' not in response.content.decode()


def test_the_list_is_paginated_and_its_queries_do_not_grow(django_assert_max_num_queries) -> None:
    world = supervised()
    for _n in range(26):
        supervised(office=world.office, officer=world.officer)
    client = client_for(world.officer)
    client.get(reverse("supervision:eligibility"))  # warm caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:eligibility"), {"rule": "early_discharge", "page": 2})
    assert response.status_code == 200 and response.content.decode().count('data-flag="early_discharge"') == 2


def test_the_list_is_empty_for_someone_without_people_and_refused_without_the_right() -> None:
    supervised()
    response = client_for(user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())).get(
        reverse("supervision:eligibility"))
    assert response.status_code == 200 and "data-empty" in response.content.decode()
    for role in (Role.PRISON_CASE_MANAGER, Role.VOLUNTEER, Role.PROGRAMME_STAFF):
        assert client_for(user_with_role(role)).get(reverse("supervision:eligibility")).status_code == 403


def test_custody_flags_for_prison_case_managers() -> None:
    episode = sentenced(term_days=900, served_days=280)
    manager = user_with_role(Role.PRISON_CASE_MANAGER, episode.facility)
    response = client_for(manager).get(reverse("supervision:eligibility-custody"))
    assert response.status_code == 200
    assert "parole eligibility date in 19 days" in response.content.decode()
    page = client_for(manager, episode.person).get(reverse("supervision:episode-eligibility", args=[episode.pk]))
    assert page.status_code == 200 and 'data-rule="parole_review"' in page.content.decode()
    assert client_for(user_with_role(Role.VOLUNTEER)).get(reverse("supervision:eligibility-custody")).status_code == 403


def test_period_page_shows_every_rule_and_is_audited() -> None:
    world = supervised(months=10, length_months=18)
    response = client_for(world.officer).get(reverse("supervision:period-eligibility", args=[world.period.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-rule="early_discharge"' in text and "Months on supervision: 2 short of the rule" in text
    assert 'aria-current="page">Eligibility' in text  # the period navigation
    assert AuditEvent.objects.filter(object_type="eligibility", object_id=str(world.period.pk), action="read").exists()


def test_period_page_is_404_outside_the_scope() -> None:
    world = supervised()
    stranger = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
    assert client_for(stranger).get(reverse("supervision:period-eligibility", args=[world.period.pk])).status_code == 404


def test_review_form_records_the_decision() -> None:
    world = supervised()
    client = client_for(world.officer)
    url = reverse("supervision:period-eligibility-review", args=[world.period.pk, "early_discharge"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": "defer", "reason": "After the course.",
                                 "defer_until": (TODAY + dt.timedelta(days=20)).isoformat()})
    assert response.status_code == 302
    review = EligibilityReview.objects.get()
    assert (review.outcome, review.defer_until, review.rule) == ("defer", TODAY + dt.timedelta(days=20), "early_discharge")


def test_review_form_shows_errors_and_writes_nothing() -> None:
    world = supervised()
    url = reverse("supervision:period-eligibility-review", args=[world.period.pk, "early_discharge"])
    response = client_for(world.officer).post(url, {"outcome": "defer", "reason": "Later."})
    assert response.status_code == 400 and "Give the date until which to defer." in response.content.decode()
    assert not EligibilityReview.objects.exists()


def test_review_form_refused_without_the_right_or_for_an_unknown_rule() -> None:
    world = supervised()
    url = reverse("supervision:period-eligibility-review", args=[world.period.pk, "early_discharge"])
    manager = user_with_role(Role.PRISON_CASE_MANAGER)
    assert client_for(manager).post(url, {"outcome": "act", "reason": "x"}).status_code == 403
    bad = reverse("supervision:period-eligibility-review", args=[world.period.pk, "parole_review"])
    assert client_for(world.officer).get(bad).status_code == 404
    assert not EligibilityReview.objects.exists()
