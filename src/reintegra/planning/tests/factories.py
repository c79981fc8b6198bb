"""A small world for the plan tests, built through the services (history, audit and timeline as in
real use): a prison with a case manager and a supervisor, a person in custody there with a completed
needs assessment (the shipped ``reintegra-needs`` instrument), and a probation office whose officer
supervises the person after release. Plans are advanced through the real services."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Organisation
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.assessments.instruments import instrument_get
from reintegra.assessments.models import Assessment
from reintegra.assessments.services import AssessmentInput, assessment_bulk_create
from reintegra.people.models import Person
from reintegra.planning import services
from reintegra.planning.choices import Agreement, OwnerKind
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal
from reintegra.programmes.models import Cohort, Programme
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

NEEDS = "reintegra-needs"
# The needs instrument's item prefixes and the domain each belongs to.
DOMAIN_PREFIX = {
    "criminal_history": "ch_", "attitudes": "att_", "associates": "asc_", "personality": "per_",
    "family": "fam_", "school_work": "sw_", "leisure": "lei_", "substance": "sub_",
}


def needs_answers(high: set[str] | frozenset[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Answers to the needs instrument: the least worrying option everywhere, the most worrying in
    the domains named in ``high`` (which then come out as needs)."""
    answers = {}
    prefixes = tuple(DOMAIN_PREFIX[domain] for domain in high)
    for item in instrument_get(NEEDS).items():
        if item.type == "choice":
            answers[item.code] = (item.options[-1] if item.code.startswith(prefixes) else item.options[0]).code
    return answers


def needs_assessment(person: Person, high: tuple[str, ...] = ("substance", "school_work", "attitudes"),
                     completed_at: dt.datetime | None = None) -> Assessment:
    """A completed needs assessment of ``person`` (through the bulk service)."""
    completed_at = completed_at or timezone.now() - dt.timedelta(days=2)
    assessment_bulk_create(actor=None, rows=[AssessmentInput(
        person_id=person.pk, instrument_code=NEEDS, answers=needs_answers(set(high)), completed_at=completed_at)])
    return Assessment.objects.filter(person=person).order_by("-completed_at", "-id").first()


@dataclass
class World:
    prison: Organisation
    office: Organisation
    manager: Any        # prison case manager: plan.view, plan.edit, enrolment.edit
    supervisor: Any     # supervisor at the prison: plan.countersign too
    person: Person
    assessment: Assessment | None

    def probation_officer(self) -> Any:
        """A probation officer at the office who supervises the person (full access to them)."""
        from reintegra.justice.tests.factories import SupervisionPeriodFactory

        officer = user_with_role(Role.PROBATION_OFFICER, self.office)
        SupervisionPeriodFactory(person=self.person, office=self.office, officer=officer,
                                 starts_on=timezone.localdate() - dt.timedelta(days=1))
        return officer


def world(*, assessed: bool = True, high: tuple[str, ...] = ("substance", "school_work", "attitudes")) -> World:
    from reintegra.justice.tests.factories import CustodyEpisodeFactory, ProbationOfficeFactory

    prison = FacilityFactory()
    episode = CustodyEpisodeFactory(facility=prison, admitted_on=dt.date(2024, 1, 10))
    person = episode.person
    return World(
        prison=prison, office=ProbationOfficeFactory(),
        manager=user_with_role(Role.PRISON_CASE_MANAGER, prison),
        supervisor=user_with_role(Role.SUPERVISOR, prison), person=person,
        assessment=needs_assessment(person, high) if assessed else None,
    )


def programme(venue: Organisation, **fields: Any) -> Programme:
    """A programme for everyone (no band, language or literacy limits) at ``venue``."""
    fields.setdefault("targeted_needs", ["substance"])
    return ProgrammeFactory(venue=venue, **fields)


def cohort(programme: Programme, **fields: Any) -> Cohort:
    return CohortFactory(programme=programme, **fields)


def goal_of(plan: CasePlan, need: str) -> PlanGoal:
    return plan.goals.get(need=need, voided_at__isnull=True)


def staff_action(plan: CasePlan, goal: PlanGoal, actor: Any, **fields: Any) -> PlanAction:
    fields.setdefault("description", "Meet weekly to go over the plan")
    fields.setdefault("due_on", timezone.localdate() + dt.timedelta(days=30))
    return services.action_add(actor=actor, goal=goal, owner_kind=OwnerKind.STAFF, owner_user=actor, **fields)


def ready_plan(w: World) -> CasePlan:
    """A draft with an action for every goal and the person's agreement: ready to submit."""
    plan = services.plan_create(actor=w.manager, person=w.person)
    for goal in plan.goals.all():
        staff_action(plan, goal, w.manager)
    plan.refresh_from_db()
    return services.agreement_record(actor=w.manager, plan=plan, agreement=Agreement.AGREED, words="I want this",
                                     expected_version=plan.version)


def active_plan(w: World) -> CasePlan:
    """A plan submitted by the case manager and countersigned by the supervisor."""
    plan = ready_plan(w)
    plan = services.plan_submit(actor=w.manager, plan=plan, expected_version=plan.version)
    return services.plan_countersign(actor=w.supervisor, plan=plan, approve=True, note="",
                                     expected_version=plan.version)


def plan_with_items(person: Person, actor: Any) -> dict[str, Any]:
    """A draft plan of ``person`` (built by ``actor``, who needs ``plan.edit`` and the person's full
    record) with a goal of its own and a staff action, for tests that need ids of each (the
    authorisation matrix fills ``<pk>``, ``<goal_pk>`` and ``<action_pk>`` with them)."""
    plan = services.plan_create(actor=actor, person=person)
    goal = services.goal_add(actor=actor, plan=plan, title="Find work")
    action = staff_action(plan, goal, actor)
    plan.refresh_from_db()
    return {"plan": plan, "goal": goal, "action": action}


def matrix_plan(world: dict[str, Any]) -> dict[str, Any]:
    """For the authorisation matrix's world (``user``, ``person``, ``officer`` who supervises the
    person, ``period``): a plan of the person with a goal, an action and version 1, handed over to
    ``user`` when they could take it (so the receiver may acknowledge it); ``handover`` is ``None``
    otherwise. Returns ``plan``, ``goal``, ``action``, ``handover`` and ``number`` (a version)."""
    from reintegra.accounts.policy import Action, allowed, person_access

    user, person = world["user"], world["person"]
    creator = world["officer"]
    if creator.pk == user.pk:  # the officer is the user: someone else at the office writes the plan
        creator = user_with_role(Role.SUPERVISOR, world["period"].office)
    made = plan_with_items(person, creator)
    from reintegra.programmes.tests.factories import ProgrammeFactory

    # The action names a programme the person is not on yet, so its enrolment page has something to offer.
    made["action"] = staff_action(made["plan"], made["goal"], creator, programme=ProgrammeFactory())
    made["plan"].refresh_from_db()
    plan = services.agreement_record(actor=creator, plan=made["plan"], agreement=Agreement.AGREED, words="",
                                     expected_version=made["plan"].version)
    handover = None
    if allowed(user, Action.PLAN_EDIT) and person_access(user, person).full:
        handover = services.plan_handover(actor=creator, plan=plan, to_officer=user, reason="Caseload change",
                                          expected_version=plan.version)
        plan.refresh_from_db()
    return {**made, "plan": plan, "handover": handover, "number": plan.current_version}
