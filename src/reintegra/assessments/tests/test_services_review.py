"""Overrides with countersignature, corrections that supersede, and the bulk path."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentStatus, Occasion, OverrideStatus
from reintegra.assessments.models import Assessment
from reintegra.assessments.schedule import add_months
from reintegra.assessments.instruments import instrument_get, score
from reintegra.assessments.services import AssessmentInput
from reintegra.assessments.services.bulk import STORED_ON_ROW
from reintegra.assessments.tests.factories import (  # noqa: F401
    HIGH, LOW, NEEDS, SCREEN, VERY_HIGH, completed, officer, person_for, reload, svc_instruments,
)
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.core.models import RecordVersion
from reintegra.people.models import TimelineEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def refused(operation: str) -> int:
    return sum(1 for e in AuditEvent.objects.filter(action="denied", object_type="assessments.assessment")
               if e.detail.get("event") == "assessment.refused" and e.detail.get("operation") == operation)


def state(assessment: Assessment) -> tuple[Any, ...]:
    row = Assessment.objects.get(pk=assessment.pk)
    return (row.version, row.status, row.final_band, row.override_status, row.override_band, row.next_due,
            row.countersigned_by_id)


@pytest.fixture
def team() -> tuple[Any, Any, Any]:
    """An officer, a supervisor of the same office, and a completed HIGH assessment by the officer."""
    user = officer()
    supervisor = officer(Role.SUPERVISOR, user.memberships.get().organisation)
    return user, supervisor, completed(person_for(user), user, HIGH)


def propose(assessment: Assessment, actor: Any, band: str = "moderate") -> Assessment:
    return services.assessment_override(assessment=assessment, actor=actor, expected_version=assessment.version,
                                        band=band, reason="Protective factors the tool does not see")


class TestOverride:
    def test_proposal_waits_for_countersignature(self, team: Any) -> None:
        user, _supervisor, done = team
        proposed = propose(done, user)
        assert proposed.override_status == OverrideStatus.PENDING and proposed.override_band == "moderate"
        assert proposed.final_band == "high" and proposed.override_by == user
        assert TimelineEvent.objects.filter(kind="assessment.override_proposed").count() == 1

    @pytest.mark.parametrize(("band", "reason", "field"), [
        ("high", "same band", "band"), ("extreme", "unknown band", "band"), ("moderate", "  ", "reason"),
    ])
    def test_bad_proposals_change_nothing(self, team: Any, band: str, reason: str, field: str) -> None:
        user, _supervisor, done = team
        before = state(done)
        with pytest.raises(ValidationError) as error:
            services.assessment_override(assessment=done, actor=user, expected_version=done.version,
                                         band=band, reason=reason)
        assert field in error.value.message_dict
        assert state(done) == before and refused("override") == 1

    def test_a_second_proposal_and_drafts_are_refused(self, team: Any) -> None:
        user, _supervisor, done = team
        proposed = propose(done, user)
        with pytest.raises(ValidationError):
            propose(proposed, user, "low")
        draft = services.assessment_start(person=done.person, instrument_code=NEEDS, occasion="other", actor=user)
        with pytest.raises(ValidationError):
            propose(draft, user)


class TestCountersign:
    def test_approval_makes_the_override_final_and_moves_the_date(self, team: Any) -> None:
        user, supervisor, done = team
        assert done.next_due == add_months(timezone.localdate(), 6)
        proposed = propose(done, user, "low")
        signed = services.assessment_countersign(assessment=proposed, actor=supervisor,
                                                 expected_version=proposed.version, approve=True)
        assert signed.override_status == OverrideStatus.COUNTERSIGNED and signed.final_band == "low"
        assert signed.computed_band == "high" and signed.countersigned_by == supervisor
        assert signed.next_due == add_months(timezone.localdate(), 12)
        assert TimelineEvent.objects.filter(kind="assessment.override_countersigned").count() == 1
        with pytest.raises(ValidationError):  # nothing pending any more
            services.assessment_countersign(assessment=signed, actor=supervisor,
                                            expected_version=signed.version, approve=True)

    def test_refusal_needs_a_note_and_keeps_the_computed_band(self, team: Any) -> None:
        user, supervisor, done = team
        proposed = propose(done, user)
        before = state(proposed)
        with pytest.raises(ValidationError) as error:
            services.assessment_countersign(assessment=proposed, actor=supervisor,
                                            expected_version=proposed.version, approve=False)
        assert "note" in error.value.message_dict and state(proposed) == before
        refusal = services.assessment_countersign(assessment=proposed, actor=supervisor,
                                                  expected_version=proposed.version, approve=False,
                                                  note="Evidence is thin")
        assert refusal.override_status == OverrideStatus.REFUSED and refusal.final_band == "high"
        assert refusal.next_due == done.next_due
        again = propose(refusal, user, "very_high")  # a new proposal after a refusal
        assert again.override_status == OverrideStatus.PENDING and again.countersigned_by is None

    def test_own_override_and_officers_cannot_countersign(self, team: Any) -> None:
        user, supervisor, done = team
        own = propose(done, supervisor)
        before = state(own)
        with pytest.raises(ValidationError) as error:
            services.assessment_countersign(assessment=own, actor=supervisor, expected_version=own.version,
                                            approve=True)
        assert error.value.message_dict["approve"] == ["You cannot countersign your own override."]
        with pytest.raises(AccessDenied):
            services.assessment_countersign(assessment=own, actor=user, expected_version=own.version, approve=True)
        assert state(own) == before and refused("countersign") == 2


class TestCorrection:
    def test_correction_supersedes_only_when_completed(self, team: Any) -> None:
        user, _supervisor, done = team
        correction = services.assessment_correct(assessment=done, actor=user, reason="Drug answer was wrong")
        assert correction.status == AssessmentStatus.DRAFT and correction.occasion == Occasion.CORRECTION
        assert correction.supersedes == done and correction.instrument_id == done.instrument_id
        assert correction.answers == done.answers and correction.correction_reason == "Drug answer was wrong"
        assert reload(done).status == AssessmentStatus.COMPLETED
        with pytest.raises(ValidationError):  # one open correction at a time
            services.assessment_correct(assessment=done, actor=user, reason="again")
        correction = services.assessment_answer(assessment=correction, actor=user,
                                                expected_version=correction.version, answers={"drugs_use": "no"})
        finished = services.assessment_complete(assessment=correction, actor=user,
                                                expected_version=correction.version)
        assert finished.final_band == "moderate"
        old = reload(done)
        assert old.status == AssessmentStatus.SUPERSEDED and old.final_band == "high"
        history = RecordVersion.objects.filter(object_id=str(done.pk)).order_by("version").last()
        assert history.after == {"status": "superseded"} and history.reason == "Drug answer was wrong"
        with pytest.raises(ValidationError):  # a superseded assessment is not corrected or overridden again
            services.assessment_correct(assessment=old, actor=user, reason="more")
        with pytest.raises(ValidationError):
            propose(old, user)

    def test_correction_needs_a_reason_and_a_completed_assessment(self, team: Any) -> None:
        user, _supervisor, done = team
        with pytest.raises(ValidationError) as error:
            services.assessment_correct(assessment=done, actor=user, reason=" ")
        assert "reason" in error.value.message_dict
        draft = services.assessment_start(person=done.person, instrument_code=NEEDS, occasion="other", actor=user)
        with pytest.raises(ValidationError):
            services.assessment_correct(assessment=draft, actor=user, reason="why")
        assert Assessment.objects.filter(supersedes=done).count() == 0 and refused("correct") == 2

    def test_voided_correction_leaves_the_original(self, team: Any) -> None:
        user, _supervisor, done = team
        correction = services.assessment_correct(assessment=done, actor=user, reason="check")
        services.assessment_void(assessment=correction, actor=user, expected_version=correction.version,
                                 reason="No change needed")
        assert reload(done).status == AssessmentStatus.COMPLETED
        assert services.assessment_correct(assessment=done, actor=user, reason="second look").pk


class TestBulk:
    def test_bulk_create_scores_and_schedules(self) -> None:
        user = officer()
        people = [person_for(user) for _ in range(3)]
        when = timezone.now() - dt.timedelta(days=40)
        rows = [AssessmentInput(person_id=p.pk, instrument_code=NEEDS, answers=answers, completed_at=when)
                for p, answers in zip(people, (LOW, HIGH, VERY_HIGH))]
        rows.append(AssessmentInput(person_id=people[0].pk, instrument_code=SCREEN, answers={"drugs_any": "no"},
                                    completed_at=when, occasion=Occasion.PRE_SENTENCE))
        assert services.assessment_bulk_create(actor=None, rows=rows) == 4
        stored = {(a.person_id, a.instrument.code): a for a in Assessment.objects.select_related("instrument")}
        assert stored[(people[1].pk, NEEDS)].final_band == "high" and stored[(people[1].pk, NEEDS)].total == 5.0
        assert stored[(people[2].pk, NEEDS)].next_due == add_months(timezone.localdate(when), 3)
        assert stored[(people[0].pk, SCREEN)].next_due is None
        assert all(a.status == AssessmentStatus.COMPLETED and a.version == 1 for a in stored.values())
        assert TimelineEvent.objects.filter(kind="assessment.completed").count() == 4
        assert RecordVersion.objects.filter(content_type__model="assessment").count() == 4
        # Scored like assessment_complete: the stored result is the engine's, in the same JSON.
        high = stored[(people[1].pk, NEEDS)]
        assert high.result == score(instrument_get(NEEDS), HIGH).as_dict()
        assert high.answers == HIGH and high.started_at == high.completed_at == when
        # The creation entry holds every field but answers and result, which it names as stored on
        # the row (a completed assessment never changes them).
        entry = RecordVersion.objects.get(content_type__model="assessment", object_id=str(high.pk))
        assert (entry.version, entry.action, entry.before) == (1, RecordVersion.Action.CREATE, {})
        assert entry.after["answers"] == entry.after["result"] == STORED_ON_ROW
        assert entry.after["final_band"] == "high" and entry.after["person"] == people[1].pk
        assert entry.after["status"] == AssessmentStatus.COMPLETED and entry.after["override_status"] == "none"
        assert entry.after["completed_at"] == when.isoformat()
        assert entry.after["next_due"] == high.next_due.isoformat()
        assert set(entry.after) == {f.name for f in Assessment._meta.concrete_fields} - {
            "id", "created_at", "updated_at", "version"}
        event = TimelineEvent.objects.get(object_id=str(high.pk), kind="assessment.completed")
        assert event.params == {"instrument": high.instrument.title, "band": "high"}
        assert event.occurred_on == timezone.localdate(when)

    def test_a_bad_row_saves_nothing(self) -> None:
        user = officer()
        person = person_for(user)
        now = timezone.now()
        rows = [
            AssessmentInput(person_id=person.pk, instrument_code=NEEDS, answers=HIGH, completed_at=now),
            AssessmentInput(person_id=person.pk, instrument_code=NEEDS, answers={"work_now": "no"}, completed_at=now),
            AssessmentInput(person_id=person.pk, instrument_code="nope", answers={}, completed_at=now),
            AssessmentInput(person_id=person.pk, instrument_code=NEEDS, answers={**HIGH, "drugs_use": "lots"},
                            completed_at=now),
        ]
        with pytest.raises(ValidationError) as error:
            services.assessment_bulk_create(actor=None, rows=rows)
        messages = error.value.message_dict["rows"]
        assert [m.split(":")[0] for m in messages] == ["row 2", "row 3", "row 4"]
        assert Assessment.objects.count() == 0
