"""The caseload: each open period with level, last counting contact, next due, overdue and days
unseen; the filters and sorts; who may open whose caseload; a fixed number of queries for 60 people."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.errors import AccessDenied
from reintegra.justice.services import supervision_end
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.models import SupervisionContact
from reintegra.supervision.selectors.caseload import caseload, caseload_officer, supervisable_officers
from reintegra.supervision.services.levels import level_set
from reintegra.supervision.tests.test_appointments import supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def contact(period, days_ago: int, *, contact_type: str = "office", attendance: str = "attended",
            voided: bool = False) -> SupervisionContact:
    """A contact written directly (the services are tested in test_contacts)."""
    return SupervisionContact.objects.create(
        period=period, person=period.person, contact_type=contact_type, attendance=attendance,
        occurred_on=TODAY - dt.timedelta(days=days_ago), held_by=period.officer, recorded_by=period.officer,
        voided_at=timezone.now() if voided else None,
    )


def leveled(world, level: str, starts_days_ago: int = 200):
    period = SupervisionPeriodFactory(office=world.office, officer=world.officer,
                                      starts_on=TODAY - dt.timedelta(days=starts_days_ago))
    level_set(actor=world.officer, period=period, level=level, override_reason="Set for the test.")
    return period


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=100))


def test_rows_carry_level_last_contact_due_and_unseen(world) -> None:
    level_set(actor=world.officer, period=world.period, level="medium", override_reason="Set for the test.")
    contact(world.period, 20)
    contact(world.period, 3, attendance="missed")  # does not count
    contact(world.period, 2, voided=True)  # does not count
    contact(world.period, 1, contact_type="volunteer_meeting")  # does not count
    [row] = caseload(user=world.officer, officer=world.officer).rows
    assert (row.level, row.level_label, row.due.last_contact_on) == ("medium", "Medium", TODAY - dt.timedelta(days=20))
    assert (row.due.next_due_on, row.due.overdue, row.due.days_overdue, row.due.unseen_days) == (
        TODAY - dt.timedelta(days=6), True, 6, 20)


def test_phone_counts_for_medium_not_for_high(world) -> None:
    high = leveled(world, "high")
    medium = leveled(world, "medium")
    contact(high, 2, contact_type="phone")
    contact(medium, 2, contact_type="phone")
    rows = {row.period.pk: row for row in caseload(user=world.officer, officer=world.officer).rows}
    assert rows[high.pk].due.last_contact_on is None and rows[high.pk].due.overdue
    assert rows[medium.pk].due.last_contact_on == TODAY - dt.timedelta(days=2)


def test_filters_sorts_and_counts(world) -> None:
    never = world.period  # no level: held to 7 days, started 100 days ago -> overdue, unseen 100
    fresh = leveled(world, "low")
    contact(fresh, 1)  # due in 29 days
    soon = leveled(world, "medium")
    contact(soon, 10)  # due in 4 days
    late = leveled(world, "high")
    contact(late, 30)  # overdue by 23
    found = caseload(user=world.officer, officer=world.officer)
    assert [row.period for row in found.rows] == [never, late, soon, fresh]
    assert found.counts == {"all": 4, "overdue": 2, "week": 3}
    assert [row.period for row in caseload(user=world.officer, officer=world.officer, show="overdue").rows] == [
        never, late]
    assert {row.period for row in caseload(user=world.officer, officer=world.officer, show="week").rows} == {
        never, late, soon}
    by_due = caseload(user=world.officer, officer=world.officer, sort="due").rows
    assert [row.period for row in by_due] == [never, late, soon, fresh]
    assert caseload(user=world.officer, officer=world.officer, show="nonsense", sort="nonsense").show == "all"


def test_only_open_periods_of_the_officer(world) -> None:
    ended = SupervisionPeriodFactory(office=world.office, officer=world.officer, starts_on=TODAY - dt.timedelta(days=300),
                                     kind="licence")
    supervision_end(actor=world.supervisor, period=ended, ended_on=TODAY - dt.timedelta(days=1),
                    end_reason="completed", expected_version=ended.version)
    SupervisionPeriodFactory(office=world.office, officer=user_with_role(Role.PROBATION_OFFICER, world.office))
    assert [row.period for row in caseload(user=world.officer, officer=world.officer).rows] == [world.period]


def test_supervisor_chooses_officers_of_their_offices_only(world) -> None:
    other_office_officer = user_with_role(Role.PROBATION_OFFICER, ProbationOfficeFactory())
    officers = supervisable_officers(user=world.supervisor)
    assert world.officer in officers and world.supervisor in officers and other_office_officer not in officers
    assert caseload_officer(user=world.supervisor, officer_id=str(world.officer.pk)) == world.officer
    with pytest.raises(AccessDenied):
        caseload_officer(user=world.supervisor, officer_id=other_office_officer.pk)
    with pytest.raises(AccessDenied):
        caseload_officer(user=world.officer, officer_id=world.supervisor.pk)
    assert [row.period for row in caseload(user=world.supervisor, officer=world.officer).rows] == [world.period]
    # A colleague at the office sees a summary only: the caseload is not theirs to read.
    colleague = user_with_role(Role.PROBATION_OFFICER, world.office)
    assert caseload(user=colleague, officer=world.officer).rows == []
    with pytest.raises(AccessDenied):
        caseload(user=user_with_role(Role.PRISON_CASE_MANAGER), officer=world.officer)


def test_sixty_people_in_a_fixed_number_of_queries(world, client, django_assert_max_num_queries) -> None:
    for index in range(59):
        period = leveled(world, ("intensive", "high", "medium", "low")[index % 4], starts_days_ago=150)
        contact(period, index % 40)
        contact(period, index % 40 + 3, contact_type="phone")
    client.force_login(world.officer)
    with django_assert_max_num_queries(12):
        response = client.get("/supervision/caseload/?show=all")
    assert response.status_code == 200
    assert response.context["found"].counts["all"] == 60
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(12):
        assert client.get("/supervision/caseload/?page=3").status_code == 200
    with django_assert_max_num_queries(3):
        assert len(caseload(user=world.officer, officer=world.officer).rows) == 60
