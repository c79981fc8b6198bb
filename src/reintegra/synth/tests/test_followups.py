"""Unit stays and case plans of the synthetic people."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Membership
from reintegra.assessments.models import Assessment
from reintegra.custody.allocation import sex_fits
from reintegra.custody.models import UnitStay
from reintegra.justice.choices import SupervisionKind
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import TimelineEvent
from reintegra.planning.choices import Agreement, OwnerKind, PlanStatus
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal, PlanVersion
from reintegra.synth import services
from reintegra.synth.needs import _labels, latest_needs

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 31)


@pytest.fixture
def generated() -> None:
    services.synth_run(persons=400, seed=7, today=TODAY, batch_size=200)


def test_everyone_held_today_is_in_a_unit_of_their_facility_that_takes_them(generated: None) -> None:
    held = list(CustodyEpisode.objects.filter(released_on__isnull=True).select_related("person"))
    assert held
    stays = {s.episode_id: s for s in UnitStay.objects.filter(to_on__isnull=True).select_related("unit")}
    for episode in held:
        stay = stays[episode.pk]
        assert stay.unit.facility_id == episode.facility_id
        assert sex_fits(episode.person.sex, stay.unit.sex_category) is not False
        assert stay.from_on >= episode.admitted_on
    assert UnitStay.objects.filter(to_on__isnull=True).count() == len(held)


def test_stays_lie_inside_their_episode_and_a_move_closes_one_and_opens_the_next(generated: None) -> None:
    by_episode: dict[int, list[UnitStay]] = {}
    for stay in UnitStay.objects.select_related("episode").order_by("episode_id", "from_on"):
        by_episode.setdefault(stay.episode_id, []).append(stay)
    assert any(len(stays) == 2 for stays in by_episode.values())      # some moved within the facility
    assert any(s[-1].to_on is not None for s in by_episode.values())  # released in the last year
    for stays in by_episode.values():
        episode = stays[0].episode
        assert stays[0].from_on == episode.admitted_on
        assert stays[-1].to_on == episode.released_on
        for first, second in zip(stays, stays[1:]):
            assert first.to_on == second.from_on and first.unit_id != second.unit_id


def _open_placement(person_id: int) -> bool:
    return CustodyEpisode.objects.filter(person_id=person_id, released_on__isnull=True).exists() or \
        SupervisionPeriod.objects.filter(person_id=person_id, ended_on__isnull=True).exclude(
            kind=SupervisionKind.PRETRIAL).exists()


def test_plans_follow_the_latest_needs_assessment_of_people_held_or_supervised(generated: None) -> None:
    plans = list(CasePlan.objects.select_related("assessment"))
    assert len(plans) > 20
    assert len({p.person_id for p in plans}) == len(plans)
    latest = latest_needs(p.person_id for p in plans)
    for plan in plans:
        assert _open_placement(plan.person_id)
        found = latest[plan.person_id]
        assert plan.assessment_id == found.assessment_id and plan.band == found.band
        goals = list(PlanGoal.objects.filter(plan=plan).order_by("need_rank"))
        assert [g.need for g in goals] == list(found.needs[:3])
        assert all(g.title and g.strengths == "; ".join(found.strengths) for g in goals)
        for goal in goals:
            assert PlanAction.objects.filter(goal=goal).exists()
    assert {p.status for p in plans} == {PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.ACTIVE}


def test_every_action_has_an_owner_and_programme_actions_follow_the_enrolment(generated: None) -> None:
    actions = list(PlanAction.objects.select_related("plan", "programme", "enrolment__cohort"))
    kinds = Counter(a.owner_kind for a in actions)
    assert kinds[OwnerKind.STAFF] and kinds[OwnerKind.PARTNER] and kinds[OwnerKind.PERSON]
    linked = [a for a in actions if a.programme_id]
    assert linked
    for action in actions:
        assert action.owner_user_id if action.owner_kind == OwnerKind.STAFF else True
        assert action.owner_organisation_id if action.owner_kind == OwnerKind.PARTNER else True
    for action in linked:
        assert action.enrolment.person_id == action.plan.person_id
        assert action.enrolment.cohort.programme_id == action.programme_id
        assert action.planned_hours == action.programme.hours
        assert action.due_on == action.enrolment.cohort.ends_on


def test_submitted_plans_are_agreed_countersigned_by_someone_else_and_versioned(generated: None) -> None:
    supervisors = set(Membership.objects.filter(role=Role.SUPERVISOR).values_list("user_id", flat=True))
    for plan in CasePlan.objects.exclude(status=PlanStatus.DRAFT):
        assert plan.agreement != Agreement.PENDING and plan.submitted_by_id == plan.responsible_officer_id
        versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
        assert [v.number for v in versions] == list(range(1, plan.current_version + 1))
        assert versions[0].event == "submitted" and versions[0].snapshot["plan"]["status"] == PlanStatus.SUBMITTED
        goals = set(PlanGoal.objects.filter(plan=plan).values_list("pk", flat=True))
        assert {g["id"] for g in versions[-1].snapshot["goals"]} == goals
        assert "dosage" in versions[-1].snapshot
        if plan.status == PlanStatus.ACTIVE:
            assert plan.countersigned_by_id in supervisors and plan.countersigned_by_id != plan.submitted_by_id
            assert versions[1].event == "countersigned" and plan.next_review_on is not None
    active = CasePlan.objects.filter(status=PlanStatus.ACTIVE)
    assert active.filter(next_review_on__lt=TODAY).exists() or active.count() < 30   # some overdue
    assert active.filter(next_review_on__gte=TODAY).exists()
    events = Counter(TimelineEvent.objects.filter(source_app="planning").values_list("kind", flat=True))
    assert events["plan.created"] == CasePlan.objects.count()
    assert events["plan.countersigned"] == active.count()


def test_strength_labels_are_read_from_the_stored_text() -> None:
    text = '[{"domain":"x","item":"a","category":null,"label":"Fam\\u00edlia \\"close\\""},{"label": "Work"}]'
    assert _labels(text) == ('Família "close"', "Work")
    assert _labels([{"label": "Work"}]) == ("Work",)
    assert _labels(None) == ()


def test_no_plan_without_a_needs_assessment(generated: None) -> None:
    assessed = set(Assessment.objects.filter(instrument__code="reintegra-needs", status="completed")
                   .values_list("person_id", flat=True))
    assert set(CasePlan.objects.values_list("person_id", flat=True)) <= assessed
