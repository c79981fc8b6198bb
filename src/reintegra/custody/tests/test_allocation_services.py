"""Allocation from the database: the ranking a real person gets (hand-computed from the ``world``
fixture), and decisions: transfer through justice (custody spans), stay, admission, refusals that
change nothing and are audited, stale pages."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.custody import services
from reintegra.custody.allocation_selectors import allocation_rank
from reintegra.custody.models import AllocationDecision, UnitStay
from reintegra.custody.tests.factories import profile_for, unit_for
from reintegra.justice.choices import ReleaseType
from reintegra.justice.models import CustodyEpisode
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

REASON = "Near to his mother and offers both programmes he needs."
LONG_REASON = "Near has no place in the workshop he was promised; Far keeps him close to the drug programme."


def _decide(world, facility, reason=REASON, **kw):
    values = {"actor": world.manager, "person": world.person, "facility": facility, "required_security": "medium",
              "reason": reason, "expected_episode": world.episode.pk, "expected_episode_version": world.episode.version}
    return services.allocation_decide(**(values | kw))


class TestRanking:
    def test_hand_computed_from_the_database(self, world) -> None:
        """Needs work and drugs (2 needs: weights 2 and 1 of 3). Near: 30 + 30 + 20 (50 %) + 20 (0 km)
        = 100. Far: 20 (one level above) + drugs + 20 (empty) + 20 x (1 - 222.39/500) = 11.10 (the
        restricted ex-partner next door does not count). Old: 30 + 0 + 20 + 20 x (1 - 333.58/500)
        = 6.66 -> 56.66."""
        needs = world.assessment.result["needs"]
        assert sorted(needs) == ["drugs", "work"]
        drugs_points = 20.0 if needs[0] == "drugs" else 10.0
        ranking = allocation_rank(user=world.manager, person=world.person, required_security="medium")
        assert [(r.name, r.rank, r.score) for r in ranking.results] == [
            ("Near", 1, 100.0), ("Far", 2, round(20 + drugs_points + 20 + 11.104, 2)), ("Old", 3, 56.66),
            ("Low", None, 0.0)]
        assert ranking.current_facility_id == world.Old.pk and ranking.assessment_id == world.assessment.pk
        far = {c.code: c.explanation for c in ranking.results[1].criteria}
        assert far["family"] == "222 km from Mum." and far["programmes"].startswith("Programmes for Drugs")

    def test_a_few_queries_whatever_the_number_of_facilities_and_programmes(self, world) -> None:
        with CaptureQueriesContext(connection) as few:
            allocation_rank(user=world.manager, person=world.person, required_security="medium")
        for i in range(5):
            facility = FacilityFactory(name=f"More {i}")
            profile_for(facility)
            ProgrammeFactory(venue=facility, targeted_needs=["work"])
        with CaptureQueriesContext(connection) as many:
            ranking = allocation_rank(user=world.manager, person=world.person, required_security="medium")
        assert len(ranking.ranked) == 8 and len(many) == len(few) <= 10

    def test_refused_without_allocation_decide(self, world) -> None:
        with pytest.raises(AccessDenied):
            allocation_rank(user=user_with_role(Role.PROBATION_OFFICER), person=world.person, required_security="low")


class TestDecide:
    def test_the_top_facility_transfers_through_justice_as_custody_spans(self, world) -> None:
        stay = services.unit_stay_start(actor=None, episode=world.episode, unit=unit_for(world.Old, "A"),
                                        from_on=dt.date(2025, 1, 1))
        decision = _decide(world, world.Near)
        today = timezone.localdate()
        old = CustodyEpisode.objects.get(pk=world.episode.pk)
        new = CustodyEpisode.objects.get(person=world.person, facility=world.Near)
        assert (old.released_on, old.release_type) == (today, ReleaseType.TRANSFER)
        assert (new.admitted_on, new.released_on, new.kind) == (today, None, old.kind)
        assert (decision.outcome, decision.chosen_rank, decision.episode, decision.from_episode) == (
            "transfer", 1, new, old)
        assert decision.reason == REASON and decision.decided_by == world.manager
        assert [row["name"] for row in decision.ranking] == ["Near", "Far", "Old", "Low"]
        assert decision.ranking[0]["criteria"][0] == {
            "code": "security", "points": 30, "max_points": 30, "fits": True,
            "explanation": "Medium security: the required level."}
        assert UnitStay.objects.get(pk=stay.pk).to_on == today  # left the unit with the facility
        kinds = set(TimelineEvent.objects.filter(person=world.person).values_list("kind", flat=True))
        assert {"custody.transferred", "custody.allocated"} <= kinds
        assert AuditEvent.objects.filter(object_type="custody.allocationdecision", object_id=str(decision.pk),
                                         action="create", person_id=world.person.pk).exists()

    def test_choosing_the_current_facility_records_a_stay(self, world) -> None:
        decision = _decide(world, world.Old, reason=LONG_REASON)
        assert (decision.outcome, decision.chosen_rank, decision.episode_id) == ("stay", 3, world.episode.pk)
        assert CustodyEpisode.objects.filter(person=world.person).count() == 1

    def test_not_in_custody_records_the_decision_for_the_admission_then_admits(self, world) -> None:
        person = PersonFactory(actor=world.manager)
        decision = services.allocation_decide(actor=world.manager, person=person, facility=world.Near,
                                              required_security="medium", reason=REASON)
        assert (decision.outcome, decision.episode, decision.from_episode) == ("admission", None, None)
        assert not CustodyEpisode.objects.filter(person=person).exists()
        episode = services.allocation_admit(actor=world.manager, decision=decision, kind="remand",
                                            admitted_on=timezone.localdate())
        decision.refresh_from_db()
        assert episode.facility == world.Near and decision.episode == episode
        with pytest.raises(ValidationError) as exc:  # only once
            services.allocation_admit(actor=world.manager, decision=decision, kind="remand",
                                      admitted_on=timezone.localdate())
        assert "decision" in exc.value.message_dict

    @pytest.mark.parametrize(("facility", "reason", "field", "message"), [
        ("Low", REASON, "facility", "Low cannot hold this person: Low security is below the required level (Medium)."),
        ("Near", "ok", "reason", "Give the reason for this decision (at least 10 characters)."),
        ("Far", "Closer to the programme.", "reason",
         "You chose a facility ranked 2, not the first (Near): explain why the higher-ranked facilities were "
         "passed over (at least 40 characters)."),
        (None, REASON, "facility", "Choose a facility from the ranking."),
    ])
    def test_refusals_change_nothing_and_are_audited(self, world, facility, reason, field, message) -> None:
        with pytest.raises(ValidationError) as exc:
            _decide(world, getattr(world, facility) if facility else None, reason=reason)
        assert exc.value.message_dict[field] == [message]
        assert not AllocationDecision.objects.exists()
        assert CustodyEpisode.objects.get(pk=world.episode.pk).released_on is None
        refusal = AuditEvent.objects.get(action="denied", object_type="custody.allocationdecision")
        assert refusal.detail == {"event": "allocation.refused", "operation": "decide", "why": "invalid"}
        assert refusal.fields == [field] and refusal.person_id == world.person.pk

    def test_a_stale_page_is_refused(self, world) -> None:
        with pytest.raises(StaleEditError):
            _decide(world, world.Near, expected_episode_version=world.episode.version + 1)
        with pytest.raises(StaleEditError):
            _decide(world, world.Near, expected_episode=None)
        assert not AllocationDecision.objects.exists()
        assert CustodyEpisode.objects.filter(person=world.person).count() == 1

    def test_refused_without_allocation_decide(self, world) -> None:
        with pytest.raises(AccessDenied):
            _decide(world, world.Near, actor=user_with_role(Role.PROBATION_OFFICER))
        assert not AllocationDecision.objects.exists()
        assert AuditEvent.objects.filter(action="denied", detail__why="access").exists()
