"""Reads of community measures, scoped by the access policy.

- Community service orders and diversions: users with ``measure.view`` who see the person's full
  record (probation officers and supervisors of the person).
- Restorative justice cases: the same case staff, and the facilitator of the case
  (``restorative.facilitate``), whose relationship reaches the person at the summary level only.
- The parties' names and contact details are loaded only for the facilitator of the case; for
  everyone else they are not even read from the database (``PARTY_CONTACT_FIELDS`` deferred), so
  no page, panel or API response can show them.

Not audited here: pages and the API log each read of a person's measures."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from reintegra.accounts.policy import Action, Level, allowed, person_access, scope_persons
from reintegra.community.choices import HoursStatus
from reintegra.community.models import (
    AgreementItem, CommunityServiceOrder, ConsentRecord, Diversion, DiversionCondition, HoursEntry, Placement,
    RestorativeCase, RestorativeParty, RestorativeSession,
)
from reintegra.core.text import fold
from reintegra.people.models import Person

KINDS = ("orders", "diversions", "restorative")
PARTY_CONTACT_FIELDS = ("name", "phone", "email", "address")


def _in_scope(user: Any) -> Exists:
    return Exists(scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")), level=Level.FULL))


def may_see_measures(user: Any, person: Person) -> bool:
    """Case staff: ``measure.view`` and the person's full record."""
    return allowed(user, Action.MEASURE_VIEW) and person_access(user, person).full


def facilitates(user: Any, rj_case: RestorativeCase) -> bool:
    """Whether ``user`` is the facilitator of ``rj_case`` (and may facilitate at all)."""
    return (rj_case.facilitator_id is not None and rj_case.facilitator_id == getattr(user, "pk", None)
            and allowed(user, Action.RESTORATIVE_FACILITATE))


def _search(queryset: QuerySet[Any], search: str) -> QuerySet[Any]:
    for word in fold(search or "").split()[:5]:
        queryset = queryset.filter(person__search_name__contains=word)
    return queryset


# --- community service orders -------------------------------------------------------------------

def _verified_sum() -> Coalesce:
    total = (HoursEntry.objects.filter(order=OuterRef("pk"), voided_at__isnull=True, status=HoursStatus.VERIFIED)
             .order_by().values("order").annotate(total=Sum("hours")).values("total")[:1])
    return Coalesce(Subquery(total), Value(Decimal("0")), output_field=DecimalField(max_digits=8, decimal_places=2))


def _orders() -> QuerySet[CommunityServiceOrder]:
    return (CommunityServiceOrder.objects.filter(voided_at__isnull=True)
            .select_related("person", "officer", "disposition").annotate(verified=_verified_sum()))


def order_list(*, user: Any, status: str = "", search: str = "", mine: bool = False,
               person: Person | None = None) -> QuerySet[CommunityServiceOrder]:
    """Orders of people the user sees in full (one query), each with ``verified`` hours; by due date."""
    if not allowed(user, Action.MEASURE_VIEW):
        return CommunityServiceOrder.objects.none()
    orders = _orders().filter(_in_scope(user))
    if status:
        orders = orders.filter(status=status)
    if mine:
        orders = orders.filter(officer_id=getattr(user, "pk", None))
    if person is not None:
        orders = orders.filter(person=person)
    return _search(orders, search).order_by("due_by", "id")


def order_get(*, user: Any, pk: int) -> CommunityServiceOrder | None:
    order = _orders().filter(pk=pk).first()
    if order is None or not may_see_measures(user, order.person):
        return None
    return order


@dataclass
class OrderContents:
    placements: list[Placement]
    entries: list[HoursEntry]
    verified: Decimal
    pending: Decimal


def order_contents(*, order: CommunityServiceOrder) -> OrderContents:
    """The order's placements and hours (two queries) and the verified and pending totals."""
    placements = list(order.placements.filter(voided_at__isnull=True).select_related("organisation"))
    entries = list(order.hours_entries.filter(voided_at__isnull=True)
                   .select_related("placement__organisation", "decided_by").order_by("-worked_on", "-id"))
    verified = sum((e.hours for e in entries if e.status == HoursStatus.VERIFIED), Decimal("0"))
    pending = sum((e.hours for e in entries if e.status == HoursStatus.PENDING), Decimal("0"))
    return OrderContents(placements=placements, entries=entries, verified=verified, pending=pending)


def progress(verified: Decimal, ordered: int) -> int:
    """Verified hours as a whole percentage of the hours ordered (at most 100)."""
    return min(100, int(Decimal(verified) * 100 / ordered)) if ordered else 0


# --- diversion ----------------------------------------------------------------------------------

def _diversions() -> QuerySet[Diversion]:
    return Diversion.objects.filter(voided_at__isnull=True).select_related("person", "case", "provider", "referred_by")


def diversion_list(*, user: Any, status: str = "", search: str = "", mine: bool = False,
                   person: Person | None = None) -> QuerySet[Diversion]:
    if not allowed(user, Action.MEASURE_VIEW):
        return Diversion.objects.none()
    diversions = _diversions().filter(_in_scope(user))
    if status:
        diversions = diversions.filter(status=status)
    if mine:
        diversions = diversions.filter(referred_by_id=getattr(user, "pk", None))
    if person is not None:
        diversions = diversions.filter(person=person)
    return _search(diversions, search).order_by("-referred_on", "-id")


def diversion_get(*, user: Any, pk: int) -> Diversion | None:
    diversion = _diversions().filter(pk=pk).first()
    if diversion is None or not may_see_measures(user, diversion.person):
        return None
    return diversion


def diversion_conditions(*, diversion: Diversion) -> list[DiversionCondition]:
    return list(diversion.conditions.filter(voided_at__isnull=True).order_by("starts_on", "id"))


# --- restorative justice ------------------------------------------------------------------------

def _rj_cases() -> QuerySet[RestorativeCase]:
    return RestorativeCase.objects.filter(voided_at__isnull=True).select_related(
        "person", "case", "referred_by", "facilitator")


def rj_list(*, user: Any, status: str = "", search: str = "", mine: bool = False,
            person: Person | None = None) -> QuerySet[RestorativeCase]:
    """Restorative cases the user may see: their people's (case staff) and those they facilitate."""
    condition = Q(pk__in=[])
    if allowed(user, Action.MEASURE_VIEW):
        condition |= Q(_in_scope(user))
    if allowed(user, Action.RESTORATIVE_FACILITATE):
        condition |= Q(facilitator_id=getattr(user, "pk", None))
    cases = _rj_cases().filter(condition)
    if status:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(Q(facilitator_id=user.pk) | Q(referred_by_id=user.pk))
    if person is not None:
        cases = cases.filter(person=person)
    return _search(cases, search).order_by("-referred_on", "-id")


def rj_get(*, user: Any, pk: int) -> RestorativeCase | None:
    rj_case = _rj_cases().filter(pk=pk).first()
    if rj_case is None or not (facilitates(user, rj_case) or may_see_measures(user, rj_case.person)):
        return None
    return rj_case


def _parties(rj_case: RestorativeCase, with_contacts: bool) -> QuerySet[RestorativeParty]:
    parties = rj_case.parties.filter(voided_at__isnull=True).order_by("id")
    return parties if with_contacts else parties.defer(*PARTY_CONTACT_FIELDS)


@dataclass
class RestorativeContents:
    """A case's parties (each with ``consent_history``), sessions (each with ``attendee_list``) and
    agreement terms; ``with_contacts`` says whether the parties' names and contacts were loaded."""

    parties: list[RestorativeParty]
    sessions: list[RestorativeSession]
    items: list[AgreementItem]
    with_contacts: bool


def rj_contents(*, user: Any, rj_case: RestorativeCase) -> RestorativeContents:
    """Four queries: parties, their consent history, sessions with attendees, agreement terms."""
    with_contacts = facilitates(user, rj_case)
    history = ConsentRecord.objects.select_related("recorded_by").order_by("recorded_at", "id")
    parties = list(_parties(rj_case, with_contacts).prefetch_related(
        Prefetch("consents", queryset=history, to_attr="consent_history")))
    attendees = RestorativeParty.objects.defer(*PARTY_CONTACT_FIELDS).order_by("id")
    sessions = list(rj_case.sessions.filter(voided_at__isnull=True).order_by("held_on", "id").prefetch_related(
        Prefetch("attendees", queryset=attendees, to_attr="attendee_list")))
    items = list(rj_case.agreement_items.filter(voided_at__isnull=True).order_by("id"))
    return RestorativeContents(parties=parties, sessions=sessions, items=items, with_contacts=with_contacts)


def rj_party(*, rj_case: RestorativeCase, pk: Any) -> RestorativeParty | None:
    """One live party of the case (without contact details: the writes need none)."""
    if not str(pk).isdigit():
        return None
    party = _parties(rj_case, with_contacts=False).filter(pk=pk).first()
    if party is not None:
        party.rj_case = rj_case
    return party


def rj_item(*, rj_case: RestorativeCase, pk: Any) -> AgreementItem | None:
    if not str(pk).isdigit():
        return None
    item = rj_case.agreement_items.filter(pk=pk, voided_at__isnull=True).first()
    if item is not None:
        item.rj_case = rj_case
    return item


# --- the person page ----------------------------------------------------------------------------

@dataclass
class PersonMeasures:
    orders: list[CommunityServiceOrder]
    diversions: list[Diversion]
    rj_cases: list[RestorativeCase]


def person_measures(*, user: Any, person: Person, full: bool) -> PersonMeasures:
    """The person's measures the user may see: all of them for case staff (``full``), only the
    restorative cases they facilitate otherwise. At most three queries."""
    if full and allowed(user, Action.MEASURE_VIEW):
        return PersonMeasures(
            orders=list(_orders().filter(person=person).order_by("-created_at", "-id")[:10]),
            diversions=list(_diversions().filter(person=person)[:10]),
            rj_cases=list(_rj_cases().filter(person=person)[:10]),
        )
    if allowed(user, Action.RESTORATIVE_FACILITATE):
        cases = list(_rj_cases().filter(person=person, facilitator_id=getattr(user, "pk", None))[:10])
        return PersonMeasures(orders=[], diversions=[], rj_cases=cases)
    return PersonMeasures(orders=[], diversions=[], rj_cases=[])
