"""Net-widening: the level-by-band table for a caseload or office, the list of low-risk people
under high or intensive supervision, small rows without shares, scope, the page and the API, and
a query count that does not grow with the caseload."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.tests.factories import ProbationOfficeFactory
from reintegra.supervision.selectors.netwidening import MIN_FOR_SHARE, netwidening_table, over_supervised
from reintegra.supervision.tests.test_eligibility_rules import supervised

pytestmark = pytest.mark.django_db


def caseload(pairs: list[tuple[str | None, str | None]]):
    first = supervised(band=pairs[0][0], level_=pairs[0][1])
    for band, level in pairs[1:]:
        supervised(band=band, level_=level, office=first.office, officer=first.officer)
    return first


def cell(table, band: str, level: str) -> int:
    row = next(cells for b, cells, _total in table.rows if b == band)
    return row[table.levels.index(level)].count


def test_table_counts_levels_against_bands() -> None:
    world = caseload([("low", "high"), ("low", "intensive"), ("low", "low"), ("high", "high"),
                      ("very_high", "low"), (None, None)])
    table = netwidening_table(user=world.officer, officer_id=world.officer.pk)
    assert table.total == 6
    assert cell(table, "low", "high") == 1 and cell(table, "low", "intensive") == 1 and cell(table, "", "") == 1
    assert (table.over_count, table.under_count) == (2, 1)
    assert table.over_share is None  # 3 low-risk people: too few for a share
    assert all(c.share is None for _b, cells, _t in table.rows for c in cells)
    over = list(over_supervised(user=world.officer, officer_id=world.officer.pk))
    assert {period.nw_level for period in over} == {"high", "intensive"} and len(over) == 2


def test_shares_appear_from_the_minimum_row_size() -> None:
    world = caseload([("low", "high")] + [("low", "low")] * (MIN_FOR_SHARE - 1))
    table = netwidening_table(user=world.officer)
    assert table.over_share == pytest.approx(1 / MIN_FOR_SHARE)
    row = next(cells for b, cells, _t in table.rows if b == "low")
    assert row[table.levels.index("high")].share == pytest.approx(1 / MIN_FOR_SHARE)


def test_scope_and_filters() -> None:
    world = caseload([("low", "high")])
    colleague = supervised(band="low", level_="intensive", office=world.office)
    elsewhere = supervised(band="low", level_="intensive")
    supervisor = user_with_role(Role.SUPERVISOR, world.office)
    assert netwidening_table(user=supervisor).total == 2
    assert netwidening_table(user=supervisor, officer_id=world.officer.pk).total == 1
    assert netwidening_table(user=world.officer).total == 2  # colleagues' cases in summary
    assert netwidening_table(user=elsewhere.officer).total == 1
    assert colleague.period.pk in {p.pk for p in over_supervised(user=supervisor, office_id=world.office.pk)}


@pytest.mark.parametrize("size", [3, 15])
def test_the_page_queries_do_not_grow(size: int, django_assert_max_num_queries) -> None:
    world = caseload([("low", "high")] * size)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.officer)
    client.get(reverse("supervision:net-widening"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:net-widening"))
    assert response.status_code == 200 and "data-netwidening" in response.content.decode()
    assert response.content.decode().count("<li><a href=\"/supervision/periods/") == min(size, 25)


def test_the_page_and_api_are_refused_without_the_right() -> None:
    for role in (Role.PRISON_CASE_MANAGER, Role.VOLUNTEER):
        user = user_with_role(role)
        client = Client()
        client.force_login(user)
        assert client.get(reverse("supervision:net-widening")).status_code == 403
        api = APIClient()
        api.force_authenticate(user)
        assert api.get("/api/supervision/net-widening/").status_code == 403


def test_the_api_table() -> None:
    world = caseload([("low", "high"), ("moderate", "medium")])
    api = APIClient()
    api.force_authenticate(world.officer)
    response = api.get("/api/supervision/net-widening/", {"officer": world.officer.pk})
    assert response.status_code == 200 and response.data["total"] == 2 and response.data["over_supervised"] == 1
    assert response.data["over_supervised_people"][0]["period"] == world.period.pk


def test_empty_caseload() -> None:
    officer = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    response = client.get(reverse("supervision:net-widening"))
    assert response.status_code == 200 and "data-empty" in response.content.decode()
