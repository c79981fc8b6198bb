"""Reads of case plans, scoped by the access policy: a plan is seen by users with ``plan.view``
who see the person's full record (a plan holds the person's needs and their own words, as an
assessment does). Not audited here: the pages and the API log each read of a person's plan."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from reintegra.accounts.policy import Action, Level, allowed, person_access, scope_persons
from reintegra.core.text import fold
from reintegra.people.models import Person, TimelineEvent
from reintegra.planning.choices import OPEN_PLAN_STATUSES, PlanStatus
from reintegra.planning.dosage import Dosage
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanHandover, PlanReview, PlanVersion
from reintegra.planning.services.schedule import REVIEW_EVENT_KINDS
from reintegra.planning.snapshot import Comparison, compare, plan_dosage_of

VIEWS = ("caseload", "review_due", "countersign", "all")


def may_see(user: Any, person: Person) -> bool:
    """Whether ``user`` may see ``person``'s case plans (``plan.view`` and the full record)."""
    return allowed(user, Action.PLAN_VIEW) and person_access(user, person).full


def _plans() -> QuerySet[CasePlan]:
    return CasePlan.objects.filter(voided_at__isnull=True).select_related(
        "person", "responsible_officer", "responsible_organisation", "assessment", "submitted_by", "countersigned_by")


def _visible(user: Any) -> QuerySet[CasePlan]:
    if not allowed(user, Action.PLAN_VIEW):
        return CasePlan.objects.none()
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("person_id")), level=Level.FULL)
    return _plans().filter(Exists(people))


def plan_get(*, user: Any, pk: int) -> CasePlan | None:
    """One plan the user may see (``None`` otherwise, also when it does not exist)."""
    plan = _plans().filter(pk=pk).first()
    if plan is None or not may_see(user, plan.person):
        return None
    return plan


def plan_for_person(*, user: Any, person: Person) -> CasePlan | None:
    """The person's open plan (draft, awaiting countersignature or active) if the user may see it."""
    if not may_see(user, person):
        return None
    return _plans().filter(person=person, status__in=OPEN_PLAN_STATUSES).first()


def plans_of_person(*, user: Any, person: Person) -> QuerySet[CasePlan]:
    """All of the person's plans, newest first (closed ones too), if the user may see them."""
    if not may_see(user, person):
        return CasePlan.objects.none()
    return _plans().filter(person=person).order_by("-created_at", "-id")


def plan_list(*, user: Any, view: str = "caseload", search: str = "", on: dt.date | None = None,
              window_days: int = 30) -> QuerySet[CasePlan]:
    """Plans the user may see, by ``view``: ``caseload`` (open plans they are responsible for),
    ``review_due`` (active plans whose scheduled review falls by ``on + window_days``, soonest first),
    ``countersign`` (plans awaiting countersignature that someone else submitted; only for users who
    countersign) or ``all`` (every open plan in their scope). ``search`` matches the person's name."""
    on = on or timezone.localdate()
    plans = _visible(user)
    if view == "caseload":
        plans = plans.filter(status__in=OPEN_PLAN_STATUSES, responsible_officer_id=getattr(user, "pk", None))
    elif view == "review_due":
        plans = plans.filter(status=PlanStatus.ACTIVE, next_review_on__lte=on + dt.timedelta(days=window_days))
        plans = plans.order_by("next_review_on", "id")
    elif view == "countersign":
        if not allowed(user, Action.PLAN_COUNTERSIGN):
            return CasePlan.objects.none()
        plans = plans.filter(status=PlanStatus.SUBMITTED).exclude(submitted_by_id=getattr(user, "pk", None))
        plans = plans.order_by("submitted_at", "id")
    elif view == "all":
        plans = plans.filter(status__in=OPEN_PLAN_STATUSES)
    else:
        return CasePlan.objects.none()
    for word in fold(search or "").split():
        plans = plans.filter(person__search_name__contains=word)
    return plans


# --- one plan's contents -----------------------------------------------------------------------

@dataclass
class PlanContents:
    """A plan's live goals (each with ``.plan_actions``, its live actions by due date), all its live
    actions, and the dosage of those actions against the guidance for the plan's band."""

    goals: list[PlanGoal]
    actions: list[PlanAction]
    dosage: Dosage


def plan_contents(*, plan: CasePlan) -> PlanContents:
    """Two queries: the goals, and the actions with their owners, programme and enrolment."""
    goals = list(plan.goals.filter(voided_at__isnull=True))
    actions = list(
        plan.actions.filter(voided_at__isnull=True, goal__voided_at__isnull=True)
        .select_related("programme", "owner_user", "owner_organisation", "enrolment", "enrolment__cohort")
        .order_by("due_on", "id"))
    by_goal: dict[int, list[PlanAction]] = {goal.pk: [] for goal in goals}
    for action in actions:
        by_goal.setdefault(action.goal_id, []).append(action)
    for goal in goals:
        goal.plan_actions = by_goal[goal.pk]
    return PlanContents(goals=goals, actions=actions, dosage=plan_dosage_of(plan.band, actions))


def plan_dosage(*, plan: CasePlan) -> Dosage:
    """The plan's planned dosage hours against the guidance for its band, with warnings."""
    return plan_contents(plan=plan).dosage


def plan_versions(*, plan: CasePlan) -> QuerySet[PlanVersion]:
    """The plan's kept versions, oldest first."""
    return PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("number")


def plan_version(*, plan: CasePlan, number: int) -> PlanVersion | None:
    return plan_versions(plan=plan).filter(number=number).first()


def plan_compare(*, plan: CasePlan, a: int, b: int) -> tuple[PlanVersion, PlanVersion, Comparison] | None:
    """Versions ``a`` and ``b`` of the plan and what changed from the older to the newer (``None``
    when either does not exist)."""
    found = {v.number: v for v in plan_versions(plan=plan).filter(number__in=[a, b])}
    if a not in found or b not in found:
        return None
    older, newer = (found[a], found[b]) if a <= b else (found[b], found[a])
    return older, newer, compare(older.snapshot, newer.snapshot)


def plan_reviews(*, plan: CasePlan) -> QuerySet[PlanReview]:
    return PlanReview.objects.filter(plan=plan).select_related("reviewed_by").order_by("-reviewed_on", "-id")


def plan_handovers(*, plan: CasePlan) -> QuerySet[PlanHandover]:
    return PlanHandover.objects.filter(plan=plan).select_related(
        "from_officer", "to_officer", "to_organisation", "handed_over_by").order_by("-handed_over_at", "-id")


def handover_get(*, user: Any, pk: int) -> PlanHandover | None:
    """One handover of a plan the user may see."""
    handover = PlanHandover.objects.select_related("plan", "plan__person", "to_officer").filter(pk=pk).first()
    if handover is None or handover.plan.voided_at is not None or not may_see(user, handover.plan.person):
        return None
    return handover


def handovers_awaiting(*, user: Any) -> QuerySet[PlanHandover]:
    """Handovers to the user they have not acknowledged yet (of plans they may see)."""
    if not allowed(user, Action.PLAN_VIEW):
        return PlanHandover.objects.none()
    people = scope_persons(user, Person.objects.filter(pk=OuterRef("plan__person_id")), level=Level.FULL)
    return (PlanHandover.objects.filter(to_officer_id=getattr(user, "pk", None), acknowledged_at__isnull=True,
                                        plan__voided_at__isnull=True)
            .filter(Exists(people)).select_related("plan", "plan__person", "from_officer")
            .order_by("handed_over_at", "id"))


# --- reviews due -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewDue:
    """An active plan due a review: when, and why (``scheduled`` or the event's review reason,
    e.g. ``release``, with the timeline kind that triggered it)."""

    plan: CasePlan
    due_on: dt.date
    reason: str
    event_kind: str
    overdue: bool


def reviews_due(*, user: Any, on: dt.date | None = None, window_days: int = 30,
                caseload_only: bool = True) -> list[ReviewDue]:
    """Active plans the user may see (only those they are responsible for by default) due a review by
    ``on + window_days``: the scheduled date, or an event since the plan was last reviewed or
    countersigned (new assessment, admission or transfer, release, programme completed or
    dropped: due on the day it happened; not the assessment the plan stands on). Soonest first.
    One query."""
    on = on or timezone.localdate()
    horizon = on + dt.timedelta(days=max(0, int(window_days)))
    plans = _visible(user).filter(status=PlanStatus.ACTIVE)
    if caseload_only:
        plans = plans.filter(responsible_officer_id=getattr(user, "pk", None))
    last_review = PlanReview.objects.filter(plan=OuterRef("pk")).order_by("-reviewed_on", "-id").values(
        "reviewed_on")[:1]
    plans = plans.annotate(last_reviewed_on=Coalesce(Subquery(last_review), TruncDate("countersigned_at")))
    own_assessment = Coalesce(Cast(OuterRef("assessment_id"), output_field=CharField()), Value(""))
    events = TimelineEvent.objects.filter(
        person_id=OuterRef("person_id"), kind__in=list(REVIEW_EVENT_KINDS),
        occurred_on__gt=OuterRef("last_reviewed_on"), occurred_on__lte=horizon,
    ).exclude(  # the assessment the plan was built or last reviewed on is not news to it
        object_type="assessments.assessment", object_id=own_assessment,
    ).order_by("occurred_on", "id")
    plans = plans.annotate(event_on=Subquery(events.values("occurred_on")[:1]),
                           event_kind=Subquery(events.values("kind")[:1]))
    plans = plans.filter(Q(next_review_on__lte=horizon) | Q(event_on__isnull=False))
    rows = []
    for plan in plans:
        scheduled = plan.next_review_on if plan.next_review_on is not None and plan.next_review_on <= horizon else None
        if plan.event_on is not None and (scheduled is None or plan.event_on < scheduled):
            due, reason, kind = plan.event_on, REVIEW_EVENT_KINDS[plan.event_kind], plan.event_kind
        else:
            due, reason, kind = scheduled, "scheduled", ""
        rows.append(ReviewDue(plan=plan, due_on=due, reason=reason, event_kind=kind, overdue=due < on))
    return sorted(rows, key=lambda row: (row.due_on, row.plan.pk))
