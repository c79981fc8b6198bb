"""Community service orders: hours from the sentence, placements, hours never in the future,
verification and rejection, completion only once the verified hours reach the order, breach with a
reason; refusals change nothing and are audited."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.community import services
from reintegra.community.choices import HoursStatus, OrderStatus
from reintegra.community.models import CommunityServiceOrder, HoursEntry
from reintegra.community.tests.factories import World
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.people.models import TimelineEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _placement(w: World, order: CommunityServiceOrder):  # type: ignore[no-untyped-def]
    return services.placement_add(actor=w.officer, order=order, organisation=w.partner, supervisor_name="Ms Garden",
                                  starts_on=TODAY() - dt.timedelta(days=20))


def _hours(w: World, order: CommunityServiceOrder, hours: str = "8", days_ago: int = 1) -> HoursEntry:
    placement = order.placements.first() or _placement(w, order)
    return services.hours_record(actor=w.officer, order=order, placement=placement,
                                 worked_on=TODAY() - dt.timedelta(days=days_ago), hours=hours, task="Park clean-up")


def test_order_takes_its_hours_from_the_sentence_and_goes_on_the_timeline(w: World) -> None:
    order = w.order()
    assert order.hours_ordered == 40 and order.officer == w.officer and order.status == OrderStatus.ACTIVE
    assert TimelineEvent.objects.filter(person=w.person, kind="community.order_made").exists()
    event = AuditEvent.objects.filter(object_type="community.communityserviceorder", object_id=str(order.pk)).get()
    assert event.person_id == w.person.pk and "Ms" not in str(event.detail)


def test_order_without_a_sentence_needs_hours_and_a_different_number_is_refused(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.order(disposition=None)
    assert "hours_ordered" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        w.order(hours_ordered=50)
    assert "hours_ordered" in caught.value.message_dict
    assert w.order(disposition=None, hours_ordered=12).hours_ordered == 12


def test_out_of_scope_staff_and_facilitators_may_not_record_an_order(w: World) -> None:
    for user in (w.colleague, w.facilitator):  # the colleague sees a summary only
        with pytest.raises(AccessDenied):
            services.order_create(actor=user, person=w.person, disposition=w.disposition, due_by=TODAY())
    assert not CommunityServiceOrder.objects.exists()
    assert AuditEvent.objects.filter(action="denied", detail__event="community.refused").count() == 2


def test_hours_in_the_future_are_refused_and_nothing_is_recorded(w: World) -> None:
    order = w.order()
    placement = _placement(w, order)
    with pytest.raises(ValidationError) as caught:
        services.hours_record(actor=w.officer, order=order, placement=placement,
                              worked_on=TODAY() + dt.timedelta(days=1), hours="4", task="Painting")
    assert "future" in caught.value.message_dict["worked_on"][0]
    assert not HoursEntry.objects.exists()


@pytest.mark.parametrize("hours", ["0", "-2", "25", "abc", "1.234"])
def test_hours_must_be_part_of_one_day(w: World, hours: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _hours(w, w.order(), hours=hours)
    assert "hours" in caught.value.message_dict


def test_hours_outside_the_placement_or_of_another_order_are_refused(w: World) -> None:
    order, other = w.order(), w.order(disposition=None, hours_ordered=5)
    placement = _placement(w, order)
    with pytest.raises(ValidationError) as caught:
        services.hours_record(actor=w.officer, order=order, placement=placement, hours="2", task="x",
                              worked_on=placement.starts_on - dt.timedelta(days=1))
    assert "worked_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.hours_record(actor=w.officer, order=other, placement=placement, hours="2", task="x", worked_on=TODAY())
    assert "placement" in caught.value.message_dict


def test_only_verified_hours_count_and_completion_waits_for_them(w: World) -> None:
    order = w.order(disposition=None, hours_ordered=10)
    first, second, third = _hours(w, order, "6", 3), _hours(w, order, "4", 2), _hours(w, order, "5", 1)
    services.hours_verify(actor=w.officer, entry=first)
    services.hours_reject(actor=w.officer, entry=third, reason="Did not attend")
    assert services.verified_hours(order) == Decimal("6")
    with pytest.raises(ValidationError) as caught:
        services.order_complete(actor=w.officer, order=order)
    assert "6 of the 10" in caught.value.message_dict["status"][0]
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    services.hours_verify(actor=w.officer, entry=second)
    order = services.order_complete(actor=w.officer, order=order)
    assert order.status == OrderStatus.COMPLETED and order.ended_by == w.officer
    assert TimelineEvent.objects.filter(person=w.person, kind="community.order_completed").exists()
    with pytest.raises(ValidationError):
        _hours(w, order)  # a completed order takes no more hours


def test_a_decided_entry_cannot_be_decided_again_and_rejection_needs_a_reason(w: World) -> None:
    order = w.order()
    entry = _hours(w, order)
    with pytest.raises(ValidationError) as caught:
        services.hours_reject(actor=w.officer, entry=entry, reason=" ")
    assert "reason" in caught.value.message_dict
    entry = services.hours_verify(actor=w.officer, entry=entry)
    assert entry.status == HoursStatus.VERIFIED and entry.decided_by == w.officer and entry.decided_at
    with pytest.raises(ValidationError):
        services.hours_reject(actor=w.officer, entry=entry, reason="Changed my mind")
    entry.refresh_from_db()
    assert entry.status == HoursStatus.VERIFIED


def test_a_stale_verification_is_refused(w: World) -> None:
    entry = _hours(w, w.order())
    with pytest.raises(StaleEditError):
        services.hours_verify(actor=w.officer, entry=entry, expected_version=entry.version + 1)
    entry.refresh_from_db()
    assert entry.status == HoursStatus.PENDING


def test_breach_needs_a_reason_and_ends_the_order(w: World) -> None:
    order = w.order()
    with pytest.raises(ValidationError) as caught:
        services.order_breach(actor=w.officer, order=order, reason="")
    assert "reason" in caught.value.message_dict
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE
    order = services.order_breach(actor=w.supervisor, order=order, reason="Missed five placements")
    assert order.status == OrderStatus.BREACHED and order.breach_reason == "Missed five placements"
    assert TimelineEvent.objects.filter(person=w.person, kind="community.order_breached").exists()
    with pytest.raises(ValidationError):
        services.order_complete(actor=w.officer, order=order)


def test_placement_end_and_no_hours_after_it(w: World) -> None:
    order = w.order()
    placement = _placement(w, order)
    placement = services.placement_end(actor=w.officer, placement=placement, ends_on=TODAY() - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as caught:
        services.hours_record(actor=w.officer, order=order, placement=placement, hours="2", task="x",
                              worked_on=TODAY() - dt.timedelta(days=1))
    assert "worked_on" in caught.value.message_dict
