"""Facilitators reach the people of the open cases they facilitate, at the summary level only;
case staff reach measures through the person's full record; selectors keep their query counts."""
from __future__ import annotations

import datetime as dt

import pytest

from reintegra.accounts.policy import Level, person_access
from reintegra.community import selectors, services
from reintegra.community.choices import RestorativeOutcome
from reintegra.community.tests.factories import World, fresh

pytestmark = pytest.mark.django_db


def test_facilitator_sees_the_person_of_their_case_at_summary_only(w: World) -> None:
    assert person_access(fresh(w.facilitator), w.person).level == Level.NONE
    rj_case = w.rj_case()
    access = person_access(fresh(w.facilitator), w.person)
    assert access.level == Level.SUMMARY and access.own_caseload
    assert person_access(fresh(w.other_facilitator), w.person).level == Level.NONE
    services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.NOT_PROCEEDING)
    assert person_access(fresh(w.facilitator), w.person).level == Level.NONE


def test_reassigning_the_case_moves_the_facilitators_reach(w: World) -> None:
    rj_case = w.rj_case()
    services.rj_facilitator_assign(actor=w.officer, rj_case=rj_case, facilitator=w.other_facilitator)
    assert person_access(fresh(w.facilitator), w.person).level == Level.NONE
    assert person_access(fresh(w.other_facilitator), w.person).level == Level.SUMMARY


def test_facilitator_lists_only_their_own_cases_and_no_orders(w: World) -> None:
    mine, theirs = w.rj_case(), w.rj_case(facilitated=False)
    w.order()
    facilitator = fresh(w.facilitator)
    assert list(selectors.rj_list(user=facilitator)) == [mine]
    assert selectors.rj_get(user=facilitator, pk=theirs.pk) is None
    assert not selectors.order_list(user=facilitator).exists()
    assert not selectors.diversion_list(user=facilitator).exists()
    assert set(selectors.rj_list(user=fresh(w.officer))) == {mine, theirs}


def test_the_orders_officer_keeps_the_person_while_the_order_runs(w: World) -> None:
    from reintegra.justice.services import supervision_end
    from reintegra.justice.choices import SupervisionEnd

    order = w.order()
    period = w.person.supervision_periods.get()
    supervision_end(actor=w.officer, period=period, ended_on=period.starts_on + dt.timedelta(days=1),
                    end_reason=SupervisionEnd.COMPLETED, expected_version=period.version)
    access = person_access(fresh(w.officer), w.person)
    assert access.level == Level.FULL and access.own_caseload  # the order, not the ended period
    assert person_access(fresh(w.colleague), w.person).level < Level.FULL
    services.order_breach(actor=w.officer, order=order, reason="Did not attend the placement for six weeks",
                          expected_version=order.version)
    assert person_access(fresh(w.officer), w.person).level < Level.FULL


def test_office_colleague_at_summary_sees_no_measures(w: World) -> None:
    order, rj_case = w.order(), w.rj_case()
    colleague = fresh(w.colleague)
    assert selectors.order_get(user=colleague, pk=order.pk) is None
    assert selectors.rj_get(user=colleague, pk=rj_case.pk) is None
    assert selectors.order_get(user=fresh(w.supervisor), pk=order.pk) == order


def test_contacts_are_not_even_loaded_for_case_staff(w: World) -> None:
    rj_case = w.rj_case()
    w.victim(rj_case)
    staff = selectors.rj_contents(user=fresh(w.officer), rj_case=rj_case)
    assert not staff.with_contacts
    victim = staff.parties[1]
    assert set(selectors.PARTY_CONTACT_FIELDS) <= victim.get_deferred_fields()
    facilitator = selectors.rj_contents(user=fresh(w.facilitator), rj_case=rj_case)
    assert facilitator.with_contacts and facilitator.parties[1].phone


def test_list_query_counts_do_not_grow_with_rows(w: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        w.order(disposition=None, hours_ordered=5)
        w.rj_case()
    officer = fresh(w.officer)
    with django_assert_max_num_queries(4):
        rows = list(selectors.order_list(user=officer))
        assert len(rows) == 5 and all(row.verified == 0 for row in rows)
    officer = fresh(w.officer)
    with django_assert_max_num_queries(4):
        assert len(list(selectors.rj_list(user=officer))) == 5


def test_matrix_measures_builds_for_a_facilitator_and_for_an_officer(w: World) -> None:
    from reintegra.community.tests.factories import matrix_measures

    for user in (w.facilitator, w.colleague):
        made = matrix_measures({"user": user, "person": w.person, "officer": w.officer, "case": w.case,
                                "partner": w.partner})
        assert (made["rj_case"].facilitator == user) is (user == w.facilitator)
        assert made["entry"].placement == made["placement"] and made["item"].rj_case == made["rj_case"]
