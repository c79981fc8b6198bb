"""Reads of eligibility flags, scoped by the access policy.

Flags about supervised people need ``supervision.view``; flags about people in custody (parole,
conditional release) need ``release.view``; either way only people the user sees in full. A
population's facts come from ``eligibility.gather`` (one query for periods, two for custody), its
reviews from one more, so a list costs the same few queries for a caseload of 10 or an office of
5,000; the people shown on a page are loaded afterwards, for that page only.

What a review hides (docs/supervision.md, "Eligibility"): a deferred flag until its date; a
declined one for the rule's ``reconsider_after_days`` (90 by default) or until one of its stable
facts (band, level, arrests) differs from what it was when declined; one acted on until a stable
fact changes (a lower level set, say, after which the rule no longer holds anyway).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reintegra.accounts.policy import Action, Level, allowed, require, role_organisations, scope_persons
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import EligibilityOutcome
from reintegra.supervision.eligibility import CUSTODY, SUPERVISED, Flag, FACTS, Rule, active_rules, evaluate, flags_for
from reintegra.supervision.eligibility.gather import Row, custody_facts, supervised_facts
from reintegra.supervision.models import EligibilityReview

ACTION = {SUPERVISED: Action.SUPERVISION_VIEW, CUSTODY: Action.RELEASE_VIEW}
EDIT_ACTION = {SUPERVISED: Action.SUPERVISION_EDIT, CUSTODY: Action.RELEASE_EDIT}


@dataclass
class FlagItem:
    """A flag as lists show it: the flag, the latest review of it (if any), whether that review
    hides it now, and the person (filled for the page shown, ``attach_people``)."""

    flag: Flag
    review: EligibilityReview | None = None
    hidden: bool = False
    person: Person | None = None

    @property
    def target_id(self) -> int:
        return self.flag.row.pk


def in_scope(user: Any, level: Level = Level.FULL) -> Exists | None:
    """A condition on rows with a ``person_id``: the user sees that person at ``level`` (``None``:
    they see nobody). Correlated on the row's own person, so only the candidate rows are checked
    (``person__in=<scope>`` would build the scope over every person first)."""
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")), level=level)
    return None if people.query.is_empty() else Exists(people)


def reach(user: Any) -> frozenset[int]:
    """Every organisation (with its children) where the user holds a role: supervision and custody
    relationships give the user people at these, or on their own caseload."""
    return frozenset().union(*role_organisations(user).values())


def supervised_population(user: Any, *, office_id: int | None = None, officer_id: int | None = None,
                          level: Level = Level.FULL) -> QuerySet[SupervisionPeriod]:
    """Periods at the user's offices or with the user as officer, of people the user sees at
    ``level`` (open ones are picked by ``gather``)."""
    condition = in_scope(user, level)
    if condition is None:
        return SupervisionPeriod.objects.none()
    rows = SupervisionPeriod.objects.filter(Q(officer_id=user.pk) | Q(office_id__in=reach(user))).filter(condition)
    if office_id:
        rows = rows.filter(office_id=office_id)
    if officer_id:
        rows = rows.filter(officer_id=officer_id)
    return rows


def custody_population(user: Any, *, facility_id: int | None = None) -> QuerySet[CustodyEpisode]:
    """Custody stays at the user's organisations, of people the user sees in full."""
    condition = in_scope(user)
    if condition is None:
        return CustodyEpisode.objects.none()
    rows = CustodyEpisode.objects.filter(facility_id__in=reach(user)).filter(condition)
    return rows.filter(facility_id=facility_id) if facility_id else rows


def population_rows(population: str, queryset: QuerySet[Any], on: dt.date) -> list[Row]:
    return supervised_facts(queryset, on) if population == SUPERVISED else custody_facts(queryset, on)


def latest_reviews(population: str, targets: QuerySet[Any]) -> dict[tuple[int, str], EligibilityReview]:
    """(period or custody stay id, rule) -> the latest review of it, in one query."""
    field = "period_id" if population == SUPERVISED else "episode_id"
    rows = EligibilityReview.objects.filter(**{f"{field}__in": targets.values("pk")}).order_by("decided_on", "id")
    return {(getattr(review, field), review.rule): review for review in rows}


def stored_stable(review: EligibilityReview) -> dict[str, Any]:
    return {item.get("fact"): item.get("value") for item in review.reasons or []
            if isinstance(item, dict) and item.get("fact") in FACTS and FACTS[item["fact"]].stable}


def review_hides(review: EligibilityReview | None, rule: Rule, facts: dict[str, Any], on: dt.date) -> bool:
    """Whether ``review`` still hides the flag of ``rule`` on ``on`` (see the module's docstring)."""
    if review is None:
        return False
    if review.outcome == EligibilityOutcome.DEFER:
        return review.defer_until is not None and on < review.defer_until
    changed = any(facts.get(name) != value for name, value in stored_stable(review).items())
    if review.outcome == EligibilityOutcome.DECLINE:
        return not changed and (on - review.decided_on).days < rule.reconsider_after_days
    return not changed


def _items(flags: Iterable[Flag], reviews: dict[tuple[int, str], EligibilityReview], on: dt.date) -> list[FlagItem]:
    items = []
    for flag in flags:
        review = reviews.get((flag.row.pk, flag.rule.key))
        items.append(FlagItem(flag=flag, review=review, hidden=review_hides(review, flag.rule, flag.row.facts, on)))
    return items


def flag_list(*, user: Any, population: str = SUPERVISED, rule: str = "", on: dt.date | None = None,
              office_id: int | None = None, officer_id: int | None = None, facility_id: int | None = None,
              show_hidden: bool = False) -> list[FlagItem]:
    """The flags raised today in the user's scope (of one ``rule`` when given), reviewed ones
    that a review hides left out unless ``show_hidden``; by rule, then oldest period first.
    ``AccessDenied`` without the population's view right. Three or four queries whatever the size."""
    require(user, ACTION[population])
    on = on or timezone.localdate()
    rules = active_rules(population)
    if rule:
        rules = {key: value for key, value in rules.items() if key == rule}
    if population == SUPERVISED:
        targets: QuerySet[Any] = supervised_population(user, office_id=office_id, officer_id=officer_id)
    else:
        targets = custody_population(user, facility_id=facility_id)
    flags = flags_for(population_rows(population, targets, on), rules) if rules else []
    items = _items(flags, latest_reviews(population, targets) if flags else {}, on)
    return [item for item in items if show_hidden or not item.hidden]


def attach_people(items: list[FlagItem]) -> list[FlagItem]:
    """Fill ``person`` of each item (one query: call it for the page shown, not the whole list)."""
    people = Person.objects.in_bulk({item.flag.row.person_id for item in items})
    for item in items:
        item.person = people.get(item.flag.row.person_id)
    return items


@dataclass
class TargetEligibility:
    """Every rule of the population against one period or custody stay: met or not, the reasons,
    what is missing, and the latest review of each; with every review, newest first."""

    outcomes: list[FlagItem]
    reviews: list[EligibilityReview]
    open: bool


def target_eligibility(*, population: str, target: Any, on: dt.date | None = None) -> TargetEligibility:
    """For a period (or custody stay) already loaded through a scoped selector."""
    on = on or timezone.localdate()
    model = SupervisionPeriod if population == SUPERVISED else CustodyEpisode
    rows = population_rows(population, model.objects.filter(pk=target.pk), on)
    field = "period" if population == SUPERVISED else "episode"
    reviews = list(EligibilityReview.objects.filter(**{field: target}).select_related("decided_by"))
    latest: dict[str, EligibilityReview] = {}
    for review in sorted(reviews, key=lambda r: (r.decided_on, r.pk)):
        latest[review.rule] = review
    outcomes = []
    if rows:
        row = rows[0]
        for rule in active_rules(population).values():
            flag = Flag(rule=rule, row=row, outcome=evaluate(rule, row.facts))
            review = latest.get(rule.key)
            outcomes.append(FlagItem(flag=flag, review=review, person=target.person,
                                     hidden=flag.outcome.eligible and review_hides(review, rule, row.facts, on)))
    return TargetEligibility(outcomes=outcomes, reviews=reviews, open=bool(rows))


def period_get(*, user: Any, pk: Any) -> SupervisionPeriod | None:
    """A period of a person the user sees in full, with ``supervision.view`` (else ``None``: 404)."""
    condition = in_scope(user)
    if not allowed(user, Action.SUPERVISION_VIEW) or condition is None:
        return None
    return (SupervisionPeriod.objects.filter(condition, pk=pk, voided_at__isnull=True)
            .select_related("person", "office", "officer").first())


def episode_get(*, user: Any, pk: Any) -> CustodyEpisode | None:
    """A custody stay of a person the user sees in full, with ``release.view`` (else ``None``: 404)."""
    condition = in_scope(user)
    if not allowed(user, Action.RELEASE_VIEW) or condition is None:
        return None
    return (CustodyEpisode.objects.filter(condition, pk=pk, voided_at__isnull=True)
            .select_related("person", "facility").first())


def review_list(*, user: Any, population: str = SUPERVISED) -> QuerySet[EligibilityReview]:
    """Reviews of people the user sees in full, newest first (the API's list)."""
    require(user, ACTION[population])
    if population == SUPERVISED:
        rows = EligibilityReview.objects.filter(period__in=supervised_population(user))
    else:
        rows = EligibilityReview.objects.filter(episode__in=custody_population(user))
    return rows.select_related("decided_by").order_by("-decided_on", "-id")
