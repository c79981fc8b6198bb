"""Starting, answering, completing and voiding assessments; refusals change nothing and are audited."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.assessments import services
from reintegra.assessments.choices import AssessmentStatus
from reintegra.assessments.models import Assessment, InstrumentVersion
from reintegra.assessments.schedule import add_months
from reintegra.assessments.tests.factories import (
    HIGH, LOW, NEEDS, SCREEN, answered, completed, draft, officer, person_for, reload, svc_instruments,  # noqa: F401
)
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.core.models import RecordVersion
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def refusals(operation: str) -> list[AuditEvent]:
    return [e for e in AuditEvent.objects.filter(object_type="assessments.assessment")
            if e.detail.get("event") == "assessment.refused" and e.detail.get("operation") == operation]


def snapshot(assessment: Assessment) -> tuple[Any, ...]:
    row = Assessment.objects.get(pk=assessment.pk)
    return (row.version, row.status, row.answers, row.final_band, row.override_status, row.voided_at,
            RecordVersion.objects.filter(object_id=str(assessment.pk)).count())


class TestStart:
    def test_start_stores_the_version_and_defaults_the_organisation(self) -> None:
        user = officer()
        person = person_for(user)
        assessment = draft(person, user)
        assert assessment.status == AssessmentStatus.DRAFT and assessment.version == 1
        assert assessment.instrument.code == NEEDS and assessment.instrument.definition["code"] == NEEDS
        assert assessment.organisation == user.memberships.get().organisation
        assert assessment.assessor == user
        assert InstrumentVersion.objects.count() == 1
        draft(person, user)  # the stored version is reused
        assert InstrumentVersion.objects.count() == 1
        assert AuditEvent.objects.filter(object_type="assessments.assessment", action="create").count() == 2
        assert not TimelineEvent.objects.filter(kind__startswith="assessment.").exists()  # drafts are not news

    def test_bad_occasion_and_unknown_instrument_are_refused(self) -> None:
        user = officer()
        person = person_for(user)
        with pytest.raises(ValidationError) as error:
            services.assessment_start(person=person, instrument_code="nope", occasion="whenever", actor=user)
        assert set(error.value.message_dict) == {"instrument", "occasion"}
        with pytest.raises(ValidationError):
            services.assessment_start(person=person, instrument_code=NEEDS, occasion="correction", actor=user)
        assert Assessment.objects.count() == 0
        assert len(refusals("start")) == 2

    def test_start_needs_the_right_and_full_access(self) -> None:
        user = officer()
        stranger_person = PersonFactory()
        with pytest.raises(AccessDenied):
            draft(stranger_person, user)
        programme = officer(Role.PROGRAMME_STAFF)
        with pytest.raises(AccessDenied):
            draft(person_for(user), programme)
        assert Assessment.objects.count() == 0
        assert [e.detail["why"] for e in refusals("start")] == ["access", "access"]

    def test_changed_definition_with_the_same_version_is_refused(self) -> None:
        user = officer()
        person = person_for(user)
        assessment = draft(person, user)
        InstrumentVersion.objects.filter(pk=assessment.instrument_id).update(sha256="0" * 64)
        with pytest.raises(ValidationError) as error:
            draft(person, user)
        assert "change the version" in error.value.message_dict["instrument"][0]
        assert Assessment.objects.count() == 1


class TestAnswer:
    def test_partial_answers_merge_and_clear(self) -> None:
        user = officer()
        assessment = draft(person_for(user), user)
        assessment = services.assessment_answer(assessment=assessment, actor=user, expected_version=1,
                                                answers={"work_now": "no", "work_months": "4"})
        assert assessment.answers == {"work_now": "no", "work_months": 4} and assessment.version == 2
        assessment = services.assessment_answer(assessment=assessment, actor=user, expected_version=2,
                                                answers={"work_months": None, "drugs_use": "yes"})
        stored = reload(assessment)
        assert stored.answers == {"work_now": "no", "drugs_use": "yes"} and stored.version == 3
        history = RecordVersion.objects.filter(object_id=str(assessment.pk)).order_by("version").last()
        assert history.before == {"answers": {"drugs_use": None, "work_months": 4}}
        update = AuditEvent.objects.filter(object_type="assessments.assessment", action="update").last()
        assert update.fields == ["answers.drugs_use", "answers.work_months"]
        assert "yes" not in str(update.detail)  # never the answers themselves

    def test_a_bad_value_saves_nothing(self) -> None:
        user = officer()
        assessment = draft(person_for(user), user)
        before = snapshot(assessment)
        with pytest.raises(ValidationError) as error:
            services.assessment_answer(assessment=assessment, actor=user, expected_version=1,
                                       answers={"work_now": "no", "work_months": 500, "nonsense": "x"})
        assert set(error.value.message_dict) == {"work_months", "nonsense"}
        assert snapshot(assessment) == before and assessment.answers == {}
        assert refusals("answer")[0].fields == ["nonsense", "work_months"]

    def test_stale_version_is_refused(self) -> None:
        user = officer()
        assessment = draft(person_for(user), user)
        services.assessment_answer(assessment=reload(assessment), actor=user, expected_version=1,
                                   answers={"work_now": "no"})
        before = snapshot(assessment)
        with pytest.raises(StaleEditError):
            services.assessment_answer(assessment=assessment, actor=user, expected_version=1,
                                       answers={"work_now": "yes"})
        assert snapshot(assessment) == before
        assert refusals("answer")[0].detail["why"] == "stale"

    def test_completed_assessment_is_locked(self) -> None:
        user = officer()
        assessment = completed(person_for(user), user)
        before = snapshot(assessment)
        with pytest.raises(ValidationError) as error:
            services.assessment_answer(assessment=assessment, actor=user, expected_version=assessment.version,
                                       answers={"work_now": "yes"})
        assert error.value.message_dict["status"] == [
            "This assessment is completed and locked; start a correction to change it."]
        assert snapshot(assessment) == before

    def test_autosave_is_cheap(self, django_assert_max_num_queries: Any) -> None:
        user = officer()
        assessment = draft(person_for(user), user)
        assessment = reload(assessment)
        services.assessment_answer(assessment=assessment, actor=user, expected_version=1, answers={"work_now": "no"})
        with django_assert_max_num_queries(8):
            services.assessment_answer(assessment=assessment, actor=user, expected_version=2,
                                       answers={"drugs_use": "no"})


class TestComplete:
    def test_complete_scores_locks_and_schedules(self) -> None:
        user = officer()
        assessment = answered(person_for(user), user, HIGH)
        done = services.assessment_complete(assessment=assessment, actor=user, expected_version=assessment.version)
        assert done.status == AssessmentStatus.COMPLETED and done.completed_by == user
        assert done.total == 5.0 and done.computed_band == done.final_band == "high"
        assert done.result["band"] == "high" and done.result["needs"] == ["work", "drugs"]
        assert done.next_due == add_months(timezone.localdate(), 6)
        event = TimelineEvent.objects.get(kind="assessment.completed", person=done.person)
        assert set(event.params) == {"instrument", "band"}
        from reintegra.people.timeline import describe

        assert describe(event) == "Service test needs completed: High"

    def test_hidden_answers_are_kept_but_not_scored(self) -> None:
        user = officer()
        answers = {"work_now": "yes", "work_months": 50, "drugs_use": "no"}
        done = completed(person_for(user), user, answers)
        assert done.answers["work_months"] == 50 and done.total == 0.0 and done.final_band == "low"

    def test_missing_required_answers_are_named(self) -> None:
        user = officer()
        assessment = answered(person_for(user), user, {"work_now": "no"})
        before = snapshot(assessment)
        with pytest.raises(ValidationError) as error:
            services.assessment_complete(assessment=assessment, actor=user, expected_version=assessment.version)
        errors = error.value.message_dict
        assert "Months out of work" in errors["answers"][0] and "Does the person use drugs?" in errors["answers"][0]
        assert {"work_months", "drugs_use"} <= set(errors)
        assert snapshot(assessment) == before
        assert refusals("complete")

    def test_settings_override_the_months_and_unscheduled_instruments_have_no_date(self, settings: Any) -> None:
        settings.REINTEGRA_REASSESSMENT_MONTHS = {"high": 2}
        user = officer()
        person = person_for(user)
        assert completed(person, user, HIGH).next_due == add_months(timezone.localdate(), 2)
        screen = completed(person, user, {"drugs_any": "yes"}, code=SCREEN)
        assert screen.final_band == "high" and screen.next_due is None

    def test_complete_twice_is_refused(self) -> None:
        user = officer()
        done = completed(person_for(user), user)
        with pytest.raises(ValidationError):
            services.assessment_complete(assessment=done, actor=user, expected_version=done.version)


class TestVoid:
    def test_void_a_draft_with_a_reason(self) -> None:
        user = officer()
        assessment = draft(person_for(user), user)
        with pytest.raises(ValidationError) as error:
            services.assessment_void(assessment=assessment, actor=user, expected_version=1, reason=" ")
        assert "reason" in error.value.message_dict and reload(assessment).voided_at is None
        voided = services.assessment_void(assessment=assessment, actor=user, expected_version=1, reason="Wrong person")
        assert voided.is_voided and voided.void_reason == "Wrong person"
        with pytest.raises(ValidationError):
            services.assessment_answer(assessment=voided, actor=user, expected_version=voided.version,
                                       answers={"work_now": "no"})

    def test_completed_assessments_are_not_voided(self) -> None:
        user = officer()
        done = completed(person_for(user), user)
        before = snapshot(done)
        with pytest.raises(ValidationError):
            services.assessment_void(assessment=done, actor=user, expected_version=done.version, reason="oops")
        assert snapshot(done) == before and refusals("void")


class TestTriggers:
    def test_record_and_refuse_future_dates(self) -> None:
        user = officer()
        person = person_for(user)
        trigger = services.reassessment_trigger_record(
            person=person, event="breach", occurred_on=timezone.localdate(), actor=user, source="contact 4")
        assert trigger.pk and trigger.recorded_by == user
        with pytest.raises(ValidationError) as error:
            services.reassessment_trigger_record(person=person, event="party", actor=None,
                                                 occurred_on=timezone.localdate() + dt.timedelta(days=1))
        assert set(error.value.message_dict) == {"event", "occurred_on"}
