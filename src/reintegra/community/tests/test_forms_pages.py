"""Every form page draws for the user who may use it (and the detail pages keep their query
counts); the facilitator's reach to the person's page is the summary: no contacts of the person."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reintegra.audit.tests.helpers import state_purpose
from reintegra.community import services
from reintegra.community.choices import InformedHow, SessionKind
from reintegra.community.tests.factories import World
from reintegra.people.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LIMIT = 18  # measured: 14 (order) and 17 (restorative case), whatever the number of rows


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _login(client: Any, user: Any, w: World) -> Any:
    client.force_login(user)
    state_purpose(client, w.person.pk)
    return client


def _agreed(w: World) -> Any:
    rj_case = w.rj_case()
    person = w.responsible(rj_case)
    services.consent_give(actor=w.facilitator, party=person, informed_how=InformedHow.IN_PERSON)
    services.session_record(actor=w.facilitator, rj_case=rj_case, held_on=TODAY(), kind=SessionKind.MEETING,
                            attendees=[person])
    return services.agreement_record(actor=w.facilitator, rj_case=rj_case, terms=["Apology"])


def test_officer_form_pages_draw(client: Any, w: World) -> None:
    order = w.order()
    placement = services.placement_add(actor=w.officer, order=order, organisation=w.partner, supervisor_name="S",
                                       starts_on=TODAY() - dt.timedelta(days=3))
    entry = services.hours_record(actor=w.officer, order=order, placement=placement, worked_on=TODAY(), hours="2",
                                  task="Sweeping")
    diversion = services.diversion_refer(actor=w.officer, person=w.person, case=w.case, provider=w.partner,
                                         programme_kind="drug_treatment")
    rj_case = w.rj_case()
    _login(client, w.officer, w)
    for name, args in [
        ("order-create", [w.person.pk]), ("order-detail", [order.pk]), ("placement-add", [order.pk]),
        ("placement-end", [order.pk, placement.pk]), ("hours-record", [order.pk]),
        ("hours-reject", [order.pk, entry.pk]), ("order-complete", [order.pk]), ("order-breach", [order.pk]),
        ("diversion-create", [w.person.pk]), ("diversion-detail", [diversion.pk]), ("condition-add", [diversion.pk]),
        ("diversion-outcome", [diversion.pk]), ("rj-create", [w.person.pk]), ("rj-detail", [rj_case.pk]),
        ("rj-facilitator", [rj_case.pk]),
    ]:
        response = client.get(reverse(f"community:{name}", args=args))
        assert response.status_code == 200, name


def test_facilitator_form_pages_draw(client: Any, w: World) -> None:
    rj_case = _agreed(w)
    party = w.responsible(rj_case)
    victim = w.victim(rj_case, consent=False)
    item = rj_case.agreement_items.get()
    _login(client, w.facilitator, w)
    for name, args in [
        ("party-add", [rj_case.pk]), ("consent-give", [rj_case.pk, victim.pk]),
        ("consent-withdraw", [rj_case.pk, party.pk]), ("session-record", [rj_case.pk]),
        ("agreement-record", [rj_case.pk]), ("item-mark", [rj_case.pk, item.pk]), ("rj-close", [rj_case.pk]),
    ]:
        assert client.get(reverse(f"community:{name}", args=args)).status_code == 200, name
    assert client.get(reverse("community:rj-facilitator", args=[rj_case.pk])).status_code == 403


def test_detail_pages_query_counts(client: Any, w: World, django_assert_max_num_queries: Any) -> None:
    order = w.order()
    placement = services.placement_add(actor=w.officer, order=order, organisation=w.partner, supervisor_name="S",
                                       starts_on=TODAY() - dt.timedelta(days=10))
    for days in range(6):
        services.hours_record(actor=w.officer, order=order, placement=placement, hours="1", task="x",
                              worked_on=TODAY() - dt.timedelta(days=days))
    rj_case = _agreed(w)
    for number in range(4):
        w.victim(rj_case) if number == 0 else services.party_add(
            actor=w.facilitator, rj_case=rj_case, role="supporter", label=f"Supporter {number}")
    for user, url in [(w.officer, reverse("community:order-detail", args=[order.pk])),
                      (w.facilitator, reverse("community:rj-detail", args=[rj_case.pk]))]:
        _login(client, user, w)
        client.get(url)
        with django_assert_max_num_queries(LIMIT):
            assert client.get(url).status_code == 200


def test_facilitator_sees_the_person_page_at_summary_without_contacts(client: Any, w: World) -> None:
    ContactFactory(person=w.person, name="Bartholomew Kinsman", phone="+44 7700 900123")
    w.rj_case()
    page = _login(client, w.facilitator, w).get(reverse("people:detail", args=[w.person.pk]))
    assert page.status_code == 200
    assert w.person.family_name in page.content.decode() and "Bartholomew Kinsman" not in page.content.decode()
