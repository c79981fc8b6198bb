"""Community service orders, diversions and restorative justice cases of the synthetic people."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from reintegra.community.choices import ConsentState, HoursStatus, OrderStatus, PartyRole, RestorativeOutcome
from reintegra.community.models import (
    CommunityServiceOrder, ConsentRecord, Diversion, HoursEntry, RestorativeCase, RestorativeParty, RestorativeSession,
)
from reintegra.core.models import RecordVersion
from reintegra.justice.choices import DispositionKind
from reintegra.people.models import TimelineEvent
from reintegra.synth import jurisdiction, services
from reintegra.synth.demo import demo_logins_ensure

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 31)


def test_measures_follow_the_dispositions_with_hours_consent_and_history() -> None:
    jurisdiction.ensure(seed=4, persons=1500)
    demo_logins_ensure()
    services.synth_run(persons=1500, seed=4, today=TODAY, batch_size=500)

    orders = list(CommunityServiceOrder.objects.select_related("disposition"))
    assert len(orders) >= 3
    for order in orders:
        assert order.disposition.kind == DispositionKind.COMMUNITY_SERVICE
        assert order.disposition.person_id == order.person_id
        verified = sum(e.hours for e in HoursEntry.objects.filter(order=order, status=HoursStatus.VERIFIED))
        if order.status == OrderStatus.COMPLETED:
            assert verified >= order.hours_ordered and order.ended_on <= TODAY
        elif order.status == OrderStatus.BREACHED:
            assert order.breach_reason
    assert not HoursEntry.objects.filter(worked_on__gt=TODAY).exists()
    assert HoursEntry.objects.filter(status=HoursStatus.VERIFIED).exists()
    assert RecordVersion.objects.filter(content_type__app_label="community", version=1).count() >= len(orders)

    assert Diversion.objects.filter(case__dispositions__kind=DispositionKind.DIVERSION).exists()

    cases = list(RestorativeCase.objects.select_related("facilitator"))
    assert cases and all(c.facilitator.username == "demo-facilitator" for c in cases)
    assert all(c.outcome != "breach" for c in cases)
    for party in RestorativeParty.objects.filter(role=PartyRole.VICTIM):
        assert party.name and party.phone.startswith("+1 555 01") and party.email.endswith("@example.org")
    # No session without every attending party's consent on record before it.
    for session in RestorativeSession.objects.prefetch_related("attendees"):
        for party in session.attendees.all():
            assert ConsentRecord.objects.filter(party=party, given=True, on__lte=session.held_on).exists()
    withdrawn = RestorativeParty.objects.filter(consent=ConsentState.WITHDRAWN)
    for party in withdrawn:
        assert party.rj_case.outcome == RestorativeOutcome.NOT_PROCEEDING
    kinds = Counter(TimelineEvent.objects.filter(source_app="community").values_list("kind", flat=True))
    assert kinds["community.order_made"] == len(orders)
    assert kinds["community.rj_referred"] == len(cases)
    assert kinds["community.diversion_referred"] == Diversion.objects.count()
