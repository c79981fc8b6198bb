"""The community-measure pages: lists by kind for the user's scope, order pages with the progress
bar, hours refused in the future, verification, confirmation before completion and breach, the
restorative case page (victim contacts for the facilitator only, no agreement never called a
breach), the person-page panel, refusals and query counts."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.tests.helpers import state_purpose
from reintegra.community import services
from reintegra.community.choices import HoursStatus, InformedHow, OrderStatus, RestorativeOutcome, SessionKind
from reintegra.community.models import CommunityServiceOrder, HoursEntry, RestorativeSession
from reintegra.community.tests.factories import (
    VICTIM_ADDRESS, VICTIM_EMAIL, VICTIM_NAME, VICTIM_PHONE, World,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
SECRETS = (VICTIM_NAME, VICTIM_PHONE, VICTIM_EMAIL, VICTIM_ADDRESS)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _login(client: Any, user: Any, w: World) -> Any:
    client.force_login(user)
    state_purpose(client, w.person.pk)
    return client


def _order_with_hours(w: World) -> tuple[CommunityServiceOrder, HoursEntry]:
    order = w.order(disposition=None, hours_ordered=10)
    placement = services.placement_add(actor=w.officer, order=order, organisation=w.partner, supervisor_name="Ms Garden",
                                       starts_on=TODAY() - dt.timedelta(days=10))
    entry = services.hours_record(actor=w.officer, order=order, placement=placement, hours="4", task="Painting",
                                  worked_on=TODAY() - dt.timedelta(days=1))
    return order, entry


def test_list_shows_orders_with_progress_and_filters(client: Any, w: World) -> None:
    order, entry = _order_with_hours(w)
    services.hours_verify(actor=w.officer, entry=entry)
    _login(client, w.officer, w)
    page = client.get(reverse("community:list")).content.decode()
    assert f'data-order="{order.pk}"' in page and 'data-progress="40"' in page
    assert "4 of 10 hours verified" in page
    empty = client.get(reverse("community:list"), {"status": OrderStatus.COMPLETED}).content.decode()
    assert "data-empty" in empty


def test_facilitator_starts_on_their_own_restorative_cases(client: Any, w: World) -> None:
    mine, theirs = w.rj_case(), w.rj_case(facilitated=False)
    w.order()
    page = _login(client, w.facilitator, w).get(reverse("community:list")).content.decode()
    assert f'data-rj-case="{mine.pk}"' in page and f'data-rj-case="{theirs.pk}"' not in page
    orders = client.get(reverse("community:list"), {"kind": "orders"}).content.decode()
    assert "data-order=" not in orders and "data-empty" in orders


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.PARTNER_CASEWORKER, Role.PRISON_CASE_MANAGER])
def test_roles_without_measures_are_refused(client: Any, w: World, role: str) -> None:
    client.force_login(user_with_role(role))
    assert client.get(reverse("community:list")).status_code == 403


def test_order_page_out_of_scope_is_not_found(client: Any, w: World) -> None:
    order, _entry = _order_with_hours(w)
    for user in (w.colleague, w.facilitator):
        _login(client, user, w)
        assert client.get(reverse("community:order-detail", args=[order.pk])).status_code == 404
    page = _login(client, w.supervisor, w).get(reverse("community:order-detail", args=[order.pk]))
    assert page.status_code == 200 and "Ms Garden" in page.content.decode()


def test_hours_in_the_future_come_back_with_the_message_and_nothing_recorded(client: Any, w: World) -> None:
    order, _entry = _order_with_hours(w)
    placement = order.placements.get()
    response = _login(client, w.officer, w).post(reverse("community:hours-record", args=[order.pk]), {
        "placement": placement.pk, "worked_on": (TODAY() + dt.timedelta(days=2)).isoformat(), "hours": "3",
        "task": "Gardening"})
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert order.hours_entries.count() == 1


def test_verify_is_post_only_and_counts_the_hours(client: Any, w: World) -> None:
    order, entry = _order_with_hours(w)
    url = reverse("community:hours-verify", args=[order.pk, entry.pk])
    _login(client, w.officer, w)
    assert client.get(url).status_code == 405
    assert client.post(url, {"version": entry.version}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == HoursStatus.VERIFIED


def test_completion_asks_for_confirmation_and_waits_for_verified_hours(client: Any, w: World) -> None:
    order, entry = _order_with_hours(w)
    url = reverse("community:order-complete", args=[order.pk])
    _login(client, w.officer, w)
    data = {"version": order.version, "completed_on": TODAY().isoformat()}
    assert client.post(url, data).status_code == 400  # no confirmation
    response = client.post(url, data | {"confirm": "on"})
    assert response.status_code == 400 and "0 of the 10 hours" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE


def test_breach_with_confirmation_and_a_stale_version_is_refused(client: Any, w: World) -> None:
    order, _entry = _order_with_hours(w)
    url = reverse("community:order-breach", args=[order.pk])
    _login(client, w.officer, w)
    data = {"version": order.version + 1, "breached_on": TODAY().isoformat(), "reason": "Stopped attending",
            "confirm": "on"}
    response = client.post(url, data)
    assert response.status_code == 400 and "changed by someone else" in response.content.decode()
    assert client.post(url, data | {"version": order.version}).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.BREACHED


def test_victim_contacts_only_for_the_facilitator_of_the_case(client: Any, w: World) -> None:
    rj_case = w.rj_case()
    w.victim(rj_case)
    url = reverse("community:rj-detail", args=[rj_case.pk])
    for user in (w.officer, w.supervisor):
        page = _login(client, user, w).get(url).content.decode()
        assert "Victim 1" in page
        assert not any(secret in page for secret in SECRETS)
    page = _login(client, w.facilitator, w).get(url).content.decode()
    assert all(secret in page for secret in SECRETS)
    assert _login(client, w.other_facilitator, w).get(url).status_code == 404


def test_session_without_consent_is_refused_on_the_page(client: Any, w: World) -> None:
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    victim = w.victim(rj_case)
    response = _login(client, w.facilitator, w).post(reverse("community:session-record", args=[rj_case.pk]), {
        "held_on": TODAY().isoformat(), "kind": SessionKind.MEETING, "attendees": [person.pk, victim.pk]})
    assert response.status_code == 400
    assert "No consent on record for: Person responsible" in response.content.decode()
    assert not RestorativeSession.objects.exists()


def test_officer_may_not_reach_the_facilitators_forms(client: Any, w: World) -> None:
    rj_case = w.rj_case()
    _login(client, w.officer, w)
    assert client.get(reverse("community:session-record", args=[rj_case.pk])).status_code == 403
    assert client.get(reverse("community:party-add", args=[rj_case.pk])).status_code == 403


def test_no_agreement_is_shown_as_neutral_never_as_a_breach(client: Any, w: World) -> None:
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    services.consent_give(actor=w.facilitator, party=person, informed_how=InformedHow.IN_PERSON)
    services.session_record(actor=w.facilitator, rj_case=rj_case, held_on=TODAY(), kind=SessionKind.PREPARATION,
                            attendees=[person])
    services.rj_close(actor=w.facilitator, rj_case=rj_case, outcome=RestorativeOutcome.NO_AGREEMENT)
    for user in (w.officer, w.facilitator):
        page = _login(client, user, w).get(reverse("community:rj-detail", args=[rj_case.pk])).content.decode()
        assert "No agreement reached (neutral outcome)" in page
        assert "breach" not in page.lower()
    panel = _login(client, w.officer, w).get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "neutral outcome" in panel


def test_person_panel_for_staff_and_for_the_facilitator(client: Any, w: World) -> None:
    order, _entry = _order_with_hours(w)
    rj_case = w.rj_case()
    page = _login(client, w.officer, w).get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "Community measures" in page and reverse("community:order-detail", args=[order.pk]) in page
    page = _login(client, w.facilitator, w).get(reverse("people:detail", args=[w.person.pk])).content.decode()
    assert "Community measures" in page and reverse("community:rj-detail", args=[rj_case.pk]) in page
    assert reverse("community:order-detail", args=[order.pk]) not in page


def test_list_page_query_count_is_fixed(client: Any, w: World, django_assert_max_num_queries: Any) -> None:
    for _ in range(6):
        _order_with_hours(w)
    _login(client, w.officer, w)
    client.get(reverse("community:list"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("community:list")).status_code == 200
