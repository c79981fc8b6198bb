"""Case plans for the synthetic people in custody or under supervision at the reference date.

Who: everyone with a completed needs assessment whose placement after it (``enrolments.placement``:
the custody stay or community supervision) is still open. The plan starts a few days after the
later of the assessment and the placement, with the band of the assessment, the prison case manager
(in custody) or the supervising officer as responsible officer, and one goal per ranked need titled
with the need (strengths from the assessment to build on, the person's own words for most).

Each goal has an action with an owner and a due date: the person's programme for that need when
they have one (linked to the enrolment, its hours counted, its status following the enrolment),
otherwise a piece of work owned by the officer, a partner in the region (mentoring, addiction
service, employer, adult education) or the person; a third of goals get a second action owned by
the person. Actions due before the reference date are mostly done.

The person's agreement is recorded (agreed 78%, partly 15%, disagreed 7%, with their words); plans
begun in the last two weeks are still drafts or awaiting countersignature, older ones are
countersigned by a supervisor of the region (a few still wait). An active plan is reviewed on its
schedule by band (``planning.services.schedule``): the latest review is kept, and 12% are overdue.
Versions are kept as the services keep them (submitted, countersigned, reviewed), each with
``planning.snapshot.plan_snapshot`` of the plan as written. Plans, goals and actions are inserted in
bulk: the plan with a history entry (version 1, as written), goals and actions without (as
``custody``'s bulk stays do), timeline events for its milestones and one audit entry per batch.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import Membership, Organisation, User
from reintegra.assessments.instruments import instrument_get
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.bulkinsert import EMPTY, insert_instances, insert_tuples
from reintegra.people.models import TimelineEvent
from reintegra.people.services.bulk import TIMELINE_FIELDS, insert_with_history, require_kinds
from reintegra.planning.choices import ActionStatus, Agreement, OwnerKind, PlanStatus, ReviewReason, VersionEvent
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanReview, PlanVersion
from reintegra.planning.services.schedule import review_days
from reintegra.planning.snapshot import plan_snapshot
from reintegra.programmes.choices import EnrolmentStatus
from reintegra.synth.enrolments import Placement, placement_of
from reintegra.synth.instances import InstanceMaker
from reintegra.synth.jurisdiction import Jurisdiction
from reintegra.synth.needs import NEEDS, LatestNeeds

SOURCE_APP = "planning"
KINDS = ("plan.created", "plan.agreement", "plan.submitted", "plan.countersigned", "plan.reviewed")
RECENT_DAYS = 14
OVERDUE_SHARE = 0.12
WAITING_SHARE = 0.04
AGREEMENT = ((Agreement.AGREED, 0.78), (Agreement.PARTLY, 0.15), (Agreement.DISAGREED, 0.07))
PARTNER_KINDS = {"ngo": OrganisationKind.NGO, "employer": OrganisationKind.EMPLOYER,
                 "education": OrganisationKind.EDUCATION, "health": OrganisationKind.HEALTH,
                 "housing": OrganisationKind.HOUSING}
# need -> (owner, description, planned hours); owner "partner:<kind>" is a partner of that kind in the region.
ACTIONS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "attitudes": (("staff", "One-to-one sessions on thinking patterns and choices", 12),),
    "associates": (("partner:ngo", "Meet a mentor every fortnight", 10),),
    "personality": (("staff", "Work on managing anger and impulsive decisions", 10),),
    "family": (("partner:ngo", "Family mediation sessions", 8), ("partner:housing", "Find stable housing near family", 0)),
    "school_work": (("partner:employer", "Apply for a work placement", 0),
                    ("partner:education", "Enrol in adult education classes", 0)),
    "leisure": (("person", "Take part in a sport or club twice a week", 0),),
    "substance": (("partner:health", "Attend the community addiction service", 12),),
    "criminal_history": (("staff", "Go through the offence and what led to it", 6),),
}
OTHER_ACTION = ("staff", "Agree the next steps with the responsible officer", 0)
PERSON_ACTIONS = (
    "Keep a weekly diary of difficult situations and how I handled them", "Write a CV and apply for three jobs",
    "Call my family every week", "Go to a mutual-aid meeting every week", "Open a bank account",
    "Get my identity card renewed",
)
OWN_WORDS: dict[str, tuple[str, ...]] = {
    "attitudes": ("I want to stop blaming others and think before I act.", "Stop seeing things only my way."),
    "associates": ("Keep away from the old crowd.", "Find friends who are not into trouble."),
    "personality": ("Keep my temper when things go wrong.", "Not do the first thing that comes into my head."),
    "family": ("Be there for my kids.", "Sort things out with my mother."),
    "school_work": ("Get a proper job and keep it.", "Finish school, I never did."),
    "leisure": ("Do something with my time that is not the street.", "Get back into football."),
    "substance": ("Stay clean for my daughter.", "Stop drinking, it always starts there."),
    "criminal_history": ("Never come back here.", "Understand why I keep ending up here."),
}
AGREEMENT_WORDS = {
    Agreement.AGREED: ("This is what I want to work on.", "I agree, let's do it."),
    Agreement.PARTLY: ("I agree about work, but I do not have a drug problem.", "The goals are fine but not the dates."),
    Agreement.DISAGREED: ("I don't need any of this.", "This plan is not about my real problems."),
}


@dataclass
class Staff:
    """Who plans are assigned to and countersigned by, loaded once per run."""

    case_managers: dict[int, list[User]]                 # facility id -> prison case managers
    officers: dict[int, list[User]]                      # office id -> probation officers
    supervisors: dict[str, list[User]]                   # region -> supervisors
    partners: dict[tuple[str, str], Organisation]        # (region, kind) -> partner
    organisations: dict[int, Organisation]
    need_labels: dict[str, str] = field(default_factory=dict)


def staff_load(j: Jurisdiction) -> Staff:
    facilities = [f.org for f in j.facilities]
    case_managers: dict[int, list[User]] = {}
    supervisors: dict[str, list[User]] = {}
    memberships = (Membership.objects.filter(organisation__in=facilities + list(j.offices), active=True,
                                             role__in=[Role.PRISON_CASE_MANAGER, Role.SUPERVISOR])
                   .select_related("user", "organisation").order_by("organisation_id", "user__username"))
    for m in memberships:
        if m.role == Role.PRISON_CASE_MANAGER:
            case_managers.setdefault(m.organisation_id, []).append(m.user)
        else:
            supervisors.setdefault(m.organisation.region, []).append(m.user)
    try:
        labels = {d.code: d.label_en for d in instrument_get(NEEDS).domains}
    except KeyError:
        labels = {}
    return Staff(case_managers=case_managers, officers=j.officers, supervisors=supervisors,
                 partners={(p.region, p.kind): p for p in j.partners},
                 organisations={o.pk: o for o in [*facilities, *j.offices, *j.partners]}, need_labels=labels)


_plan, _goal, _action_of, _review = (InstanceMaker(CasePlan), InstanceMaker(PlanGoal), InstanceMaker(PlanAction),
                                    InstanceMaker(PlanReview))
GOALS_PER_PLAN = 3


@dataclass
class _Plan:
    plan: CasePlan
    goals: list[PlanGoal]
    actions: list[PlanAction]
    events: list[tuple[str, int]]                # (kind, date ordinal)
    versions: list[tuple[str, int, User | None]]  # (event, date ordinal, by)
    review: PlanReview | None = None


def _moment(day: int, hour: int) -> dt.datetime:
    return _aware(day, hour, timezone.get_current_timezone())


@functools.lru_cache(maxsize=4096)
def _aware(day: int, hour: int, tz: Any) -> dt.datetime:
    """That hour of that day in ``tz`` (a run asks for the same few hundred days many times)."""
    return timezone.make_aware(dt.datetime.fromordinal(day) + dt.timedelta(hours=hour), tz)


def _pick(rng: random.Random, items: Sequence[Any]) -> Any:
    return items[rng.randrange(len(items))] if items else None


def _officer(staff: Staff, h: Any, place: Placement, rng: random.Random) -> User | None:
    if place.community:
        period = max((s for s in h.supervision if s.office.pk == place.venue_id and s.ended_on is None),
                     key=lambda s: s.starts_on, default=None)
        if period is not None and period.officer is not None:
            return period.officer
        return _pick(rng, staff.officers.get(place.venue_id, []))
    return _pick(rng, staff.case_managers.get(place.venue_id, []))


def _action(rng: random.Random, staff: Staff, plan: CasePlan, goal: PlanGoal, need: str, officer: User,
            region: str, start: int, today: int) -> PlanAction:
    owner, text, hours = _pick(rng, ACTIONS.get(need, (OTHER_ACTION,)))
    due = start + rng.randrange(30, 180)
    action = _action_of(plan=plan, goal=goal, description=text, owner_kind=OwnerKind.STAFF, owner_user=officer,
                        due_on=dt.date.fromordinal(due), planned_hours=hours)
    if owner.startswith("partner:"):
        partner = staff.partners.get((region, PARTNER_KINDS[owner.split(":", 1)[1]]))
        if partner is not None:
            action.owner_kind, action.owner_user, action.owner_organisation = OwnerKind.PARTNER, None, partner
    elif owner == "person":
        action.owner_kind, action.owner_user = OwnerKind.PERSON, None
    _progress(action, due, start, today, rng)
    return action


def _progress(action: PlanAction, due: int, start: int, today: int, rng: random.Random) -> None:
    if due <= today:
        if rng.random() < 0.7:
            action.status, action.completed_on = ActionStatus.DONE, dt.date.fromordinal(min(today, due))
        else:
            action.status = ActionStatus.IN_PROGRESS
    elif today - start > 14 and rng.random() < 0.5:
        action.status = ActionStatus.IN_PROGRESS


def _programme_action(plan: CasePlan, goal: PlanGoal, drawn: Any, officer: User) -> PlanAction:
    enrolment, programme, slot = drawn.saved, drawn.entry.programme, drawn.slot
    status = {EnrolmentStatus.WAITING: ActionStatus.NOT_STARTED, EnrolmentStatus.ENROLLED: ActionStatus.IN_PROGRESS,
              EnrolmentStatus.COMPLETED: ActionStatus.DONE, EnrolmentStatus.DROPPED: ActionStatus.CANCELLED}
    return _action_of(plan=plan, goal=goal, description=f"Complete {programme.name}"[:300], owner_kind=OwnerKind.STAFF,
                      owner_user=officer, due_on=dt.date.fromordinal(slot.ends_on), status=status[drawn.status],
                      completed_on=enrolment.completed_on, programme=programme, enrolment=enrolment,
                      planned_hours=programme.hours)


def plans_draw(*, staff: Staff, drafts: Sequence[Any], persons: Sequence[Any], histories: Sequence[Any],
               latest: dict[int, LatestNeeds], enrolled: dict[int, list[Any]], today: int,
               rng: random.Random, places: dict[int, Placement | None] | None = None) -> list[_Plan]:
    """The batch's case plans (no database). ``enrolled``: person id -> their drawn enrolments;
    ``places``: placements already worked out (``enrolments.placement_of``)."""
    days = review_days()
    plans: list[_Plan] = []
    for draft, person, h in zip(drafts, persons, histories):
        needs = latest.get(person.pk)
        if needs is None or not needs.needs:
            continue
        place = placement_of(places, person.pk, h, needs.on, today)
        if place is None or place.end is not None:
            continue
        officer = _officer(staff, h, place, rng)
        if officer is None:
            continue
        plans.append(_one(rng, staff, person, needs, place, officer, enrolled.get(person.pk, []), today, days))
    return plans


def _one(rng: random.Random, staff: Staff, person: Any, needs: LatestNeeds, place: Placement, officer: User,
         enrolled: list[Any], today: int, days: dict[str, int]) -> _Plan:
    start = min(today, max(place.start, needs.on) + rng.randrange(3, 28))
    region = place.region or ""
    plan = _plan(person=person, assessment_id=needs.assessment_id, band=needs.band, status=PlanStatus.DRAFT,
                    responsible_officer=officer, responsible_organisation=staff.organisations.get(place.venue_id))
    strengths = "; ".join(needs.strengths)
    goals, actions = [], []
    for rank, need in enumerate(needs.needs[:GOALS_PER_PLAN], start=1):
        words = _pick(rng, OWN_WORDS.get(need, ())) if rng.random() < 0.65 else ""
        goal = _goal(plan=plan, need=need, need_rank=rank, strengths=strengths, own_words=words or "",
                        title=staff.need_labels.get(need, need.replace("_", " ").capitalize())[:300])
        goals.append(goal)
        match = next((d for d in enrolled if need in d.entry.programme.targeted_needs
                      and not any(a.enrolment is d.saved for a in actions)), None)
        if match is not None:
            actions.append(_programme_action(plan, goal, match, officer))
        else:
            actions.append(_action(rng, staff, plan, goal, need, officer, region, start, today))
        if rng.random() < 0.2:
            due = start + rng.randrange(14, 120)
            extra = _action_of(plan=plan, goal=goal, description=_pick(rng, PERSON_ACTIONS),
                               owner_kind=OwnerKind.PERSON, due_on=dt.date.fromordinal(due))
            _progress(extra, due, start, today, rng)
            actions.append(extra)
    drawn = _Plan(plan, goals, actions, events=[("plan.created", start)], versions=[])
    recent = today - start < RECENT_DAYS
    if recent and rng.random() < 0.5:
        return drawn  # a draft still being written with the person
    agreement = rng.choices([a for a, _p in AGREEMENT], weights=[p for _a, p in AGREEMENT])[0]
    agreed_on = min(today, start + rng.randrange(0, 4))
    plan.agreement, plan.agreement_recorded_on, plan.agreement_recorded_by = (
        agreement, dt.date.fromordinal(agreed_on), officer)
    plan.agreement_words = _pick(rng, AGREEMENT_WORDS[agreement])
    submitted = min(today, agreed_on + rng.randrange(0, 5))
    plan.status, plan.submitted_at, plan.submitted_by = PlanStatus.SUBMITTED, _moment(submitted, 11), officer
    drawn.events += [("plan.agreement", agreed_on), ("plan.submitted", submitted)]
    drawn.versions.append((VersionEvent.SUBMITTED, submitted, officer))
    supervisor = _pick(rng, [u for u in staff.supervisors.get(region, []) if u.pk != officer.pk])
    if recent or supervisor is None or rng.random() < WAITING_SHARE:
        return drawn
    signed = min(today, submitted + rng.randrange(1, 10))
    interval = days.get(needs.band, days[""])
    plan.status, plan.countersigned_at, plan.countersigned_by = PlanStatus.ACTIVE, _moment(signed, 15), supervisor
    drawn.events.append(("plan.countersigned", signed))
    drawn.versions.append((VersionEvent.COUNTERSIGNED, signed, supervisor))
    due = signed + interval
    last = None
    while due <= today:
        last, due = due, due + interval
    if last is not None and rng.random() >= OVERDUE_SHARE:
        reviewed = min(today, last + rng.randrange(0, 8))
        due = reviewed + interval
        drawn.review = _review(plan=plan, reason=ReviewReason.SCHEDULED, reviewed_on=dt.date.fromordinal(reviewed),
                                  reviewed_by=officer, summary="Progress reviewed with the person; the plan continues.",
                                  next_review_on=dt.date.fromordinal(due), version_number=3)
        drawn.events.append(("plan.reviewed", reviewed))
        drawn.versions.append((VersionEvent.REVIEWED, reviewed, officer))
    elif last is not None:
        due = last  # overdue: the review that fell due has not been held
    plan.next_review_on = dt.date.fromordinal(due)
    return drawn


def plans_write(*, actor: Any, drawn: list[_Plan]) -> int:
    """Insert the drawn plans with goals, actions, reviews, versions (snapshots) and timeline events
    (after ``enrolments_write``: actions link to the enrolments)."""
    if not drawn:
        return 0
    require_kinds(*KINDS)
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    for d in drawn:
        d.plan.current_version = len(d.versions)
    insert_with_history(CasePlan, [d.plan for d in drawn], actor_id, now)
    insert_instances(PlanGoal, [g for d in drawn for g in d.goals])
    insert_instances(PlanAction, [a for d in drawn for a in d.actions])
    insert_instances(PlanReview, [d.review for d in drawn if d.review is not None])
    versions: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    day = dt.date.fromordinal
    for d in drawn:
        plan = d.plan
        ref = ("planning.caseplan", str(plan.pk), actor_id)
        events += [(plan.person_id, day(on), now, kind, EMPTY, SOURCE_APP, *ref) for kind, on in d.events]
        if not d.versions:
            continue
        final = plan_snapshot(plan, goals=d.goals, actions=d.actions)
        for number, (event, on, by) in enumerate(d.versions, start=1):
            snapshot = final
            if event == VersionEvent.SUBMITTED and len(d.versions) > 1:
                # As it stood when submitted: not yet countersigned, no review date.
                snapshot = copy.copy(final)
                snapshot["plan"] = {**final["plan"], "status": PlanStatus.SUBMITTED, "countersigned_by": None,
                                    "next_review_on": None}
            versions.append((plan.pk, number, event, "", _moment(on, 16), by.pk if by else None, snapshot))
    insert_tuples(PlanVersion, ("plan", "number", "event", "note", "created_at", "created_by", "snapshot"), versions)
    insert_tuples(TimelineEvent, TIMELINE_FIELDS, events)
    return len(drawn)


def plans_audit(*, actor: Any, drawn: list[_Plan]) -> None:
    """One audit entry for the batch's plans (before the bulk inserts, as ``enrolments_audit``)."""
    if drawn:
        audit_record(actor=actor, action=AuditAction.CREATE, object_type="planning.caseplan",
                     detail={"rows": len(drawn), "synthetic": True})
