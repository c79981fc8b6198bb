"""The assessment pages: start, the draft's form with autosave, completion, the explained result,
override, countersignature, correction and the due list; and that users without access are
refused with nothing changed."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship, unregister
from reintegra.accounts.tests.factories import user_with_role
from reintegra.assessments.choices import AssessmentStatus, OverrideStatus
from reintegra.assessments.models import Assessment
from reintegra.assessments.tests.factories import (
    HIGH, NEEDS, completed, draft, officer, person_for, reload, svc_instruments,  # noqa: F401 (fixture)
)
from reintegra.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("svc_instruments")]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def worker() -> Any:
    return officer()


@pytest.fixture
def person(worker: Any) -> Any:
    return person_for(worker)


@pytest.fixture
def signed_in(client: Any, worker: Any) -> Any:
    client.force_login(worker)
    return client


@pytest.fixture
def volunteers_see_summaries() -> Iterator[None]:
    """Volunteers see every person at summary level (the real assignments are supervision's)."""
    register_relationship(key="tests.volunteer-summary", label="tests", persons=lambda user, orgs: ~_nothing(),
                          levels={Role.VOLUNTEER: Level.SUMMARY}, own_caseload=True)
    yield
    unregister("tests.volunteer-summary")


@pytest.fixture
def case_staff_see_everyone() -> Iterator[None]:
    """Supervisors see the officer's person in full (record scope is tested in accounts)."""
    from reintegra.accounts.tests.scoping import case_staff_see_everyone as relationship

    yield from relationship()


def _nothing() -> Any:
    from django.db.models import Q

    return Q(pk__in=[])


def _autosave(client: Any, assessment: Assessment, item: str, value: str, version: int | None = None) -> Any:
    return client.post(reverse("assessments:autosave", args=[assessment.pk]), {
        "item": item, "value": value, "version": assessment.version if version is None else version,
    })


class TestStart:
    def test_lists_instruments_with_kind_and_description(self, signed_in: Any, person: Any) -> None:
        body = signed_in.get(reverse("assessments:start", args=[person.pk])).content.decode()
        assert "Service test needs" in body and "Needs assessment" in body and "Four questions for tests." in body
        assert "Service test screener" in body and "Screener" in body

    def test_creates_a_draft_and_opens_its_form(self, signed_in: Any, person: Any) -> None:
        response = signed_in.post(reverse("assessments:start", args=[person.pk]),
                                  {"instrument": NEEDS, "occasion": "admission"})
        assessment = Assessment.objects.get(person=person)
        assert response.status_code == 302 and response["Location"] == reverse("assessments:detail", args=[assessment.pk])
        page = signed_in.get(response["Location"])
        body = page.content.decode()
        assert page.status_code == 200 and assessment.status == AssessmentStatus.DRAFT
        assert "Is the person in work?" in body and "0 of 2 required questions answered" in body
        assert 'id="q-work_months"' in body and 'data-item="work_months" data-type="number" hidden' in body
        assert "assessments-autosave.js" in body and 'id="assessment-routing"' in body

    def test_bad_input_is_explained_and_nothing_is_created(self, signed_in: Any, person: Any) -> None:
        response = signed_in.post(reverse("assessments:start", args=[person.pk]), {"instrument": "", "occasion": "x"})
        body = response.content.decode()
        assert response.status_code == 200 and "Choose the instrument to use." in body
        assert not Assessment.objects.exists()

    @pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ANALYST, Role.PARTNER_CASEWORKER])
    def test_users_without_the_right_are_refused(self, client: Any, person: Any, role: str) -> None:
        client.force_login(user_with_role(role))
        assert client.get(reverse("assessments:start", args=[person.pk])).status_code == 403
        response = client.post(reverse("assessments:start", args=[person.pk]), {"instrument": NEEDS, "occasion": "admission"})
        assert response.status_code == 403 and not Assessment.objects.exists()

    def test_staff_outside_the_persons_scope_get_404(self, client: Any, person: Any) -> None:
        client.force_login(officer())  # another organisation's officer
        response = client.post(reverse("assessments:start", args=[person.pk]), {"instrument": NEEDS, "occasion": "admission"})
        assert response.status_code == 404 and not Assessment.objects.exists()

    def test_anonymous_users_are_sent_to_log_in(self, client: Any, person: Any) -> None:
        response = client.get(reverse("assessments:start", args=[person.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


class TestAutosave:
    def test_saves_one_answer_and_returns_the_new_version_and_progress(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = _autosave(signed_in, assessment, "work_now", "no")
        data = response.json()
        assert response.status_code == 200 and data["ok"] and data["version"] == assessment.version + 1
        assert data["progress"]["overall"]["done"] == 1 and data["progress"]["overall"]["total"] == 3
        assert "work_months" in data["progress"]["visible"]  # routing: the follow-up question now counts
        assert data["progress"]["sections"]["work"]["text"] == "1 of 2 required questions answered"
        assert reload(assessment).answers == {"work_now": "no"}

    def test_a_stale_version_is_refused_with_a_clear_message(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        assert _autosave(signed_in, assessment, "work_now", "no").status_code == 200
        response = _autosave(signed_in, assessment, "drugs_use", "some")  # the version the page started from
        data = response.json()
        assert response.status_code == 409 and data["error"] == "stale" and "Reload the page" in data["message"]
        assert reload(assessment).answers == {"work_now": "no"}

    def test_an_invalid_option_is_refused_naming_the_problem(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = _autosave(signed_in, assessment, "drugs_use", "maybe")
        data = response.json()
        assert response.status_code == 400 and data["error"] == "invalid" and data["item"] == "drugs_use"
        assert data["message"]
        assert reload(assessment).answers == {} and reload(assessment).version == assessment.version

    def test_an_unknown_question_is_refused(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        assert _autosave(signed_in, assessment, "nope", "1").status_code == 400
        assert reload(assessment).answers == {}

    def test_an_empty_value_clears_the_answer(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        assert _autosave(signed_in, assessment, "work_note", "Looking for work").status_code == 200
        assert _autosave(signed_in, reload(assessment), "work_note", "").status_code == 200
        assert not reload(assessment).answers.get("work_note")

    @pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ANALYST])
    def test_users_without_the_right_are_refused_and_nothing_changes(self, client: Any, worker: Any, person: Any,
                                                                      role: str) -> None:
        assessment = draft(person, worker)
        client.force_login(user_with_role(role))
        response = _autosave(client, assessment, "work_now", "no")
        assert response.status_code == 403 and response.json()["error"] == "refused"
        assert reload(assessment).answers == {} and reload(assessment).version == assessment.version

    def test_an_ended_session_is_redirected_to_log_in(self, client: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = _autosave(client, assessment, "work_now", "no")
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert reload(assessment).answers == {}

    def test_only_post_is_accepted(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        assert signed_in.get(reverse("assessments:autosave", args=[assessment.pk])).status_code == 405


class TestSaveAndComplete:
    def _post(self, client: Any, assessment: Assessment, **values: Any) -> Any:
        buttons = {name: values.pop(name) for name in ("save", "complete") if name in values}
        data = {"version": assessment.version, **buttons, **{f"item-{code}": value for code, value in values.items()}}
        return client.post(reverse("assessments:save", args=[assessment.pk]), data)

    def test_save_answers_without_javascript(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, work_now="no", work_months="10", work_note="", drugs_use="some",
                              save="1")
        assert response.status_code == 302
        assert reload(assessment).answers == {"work_now": "no", "work_months": 10, "drugs_use": "some"}
        assert reload(assessment).status == AssessmentStatus.DRAFT

    def test_a_bad_answer_saves_nothing_and_keeps_what_was_typed(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, work_now="no", work_months="500", drugs_use="some")
        body = response.content.decode()
        assert response.status_code == 400 and 'value="500"' in body and "is-invalid" in body
        assert reload(assessment).answers == {}

    def test_a_stale_page_saves_nothing(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        _autosave(signed_in, assessment, "work_now", "yes")
        response = self._post(signed_in, assessment, work_now="no", drugs_use="some")
        assert response.status_code == 409 and "changed by someone else" in response.content.decode()
        assert reload(assessment).answers == {"work_now": "yes"}

    def test_complete_lists_missing_required_questions_with_links(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, work_now="no", complete="1")
        body = response.content.decode()
        assert response.status_code == 400 and 'id="missing-answers"' in body
        assert 'href="#q-drugs_use"' in body and 'href="#q-work_months"' in body
        assert reload(assessment).status == AssessmentStatus.DRAFT
        assert reload(assessment).answers == {"work_now": "no"}  # drafting is never blocked

    def test_complete_then_read_the_explained_result(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, work_now="no", work_months="10", drugs_use="some", complete="1")
        assert response.status_code == 302
        done = reload(assessment)
        assert done.status == AssessmentStatus.COMPLETED and done.final_band == "high"
        body = signed_in.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
        assert 'data-band="high">High<' in body and "5 of 7" in body and "High." in body
        assert "Scores by domain" in body and "<meter" in body and "Criminogenic needs, highest first" in body
        assert "Does the person use drugs?" in body and "Sometimes" in body  # the explanation of the drugs score
        assert "Propose a different band" in body and "Correct this assessment" in body
        assert "Countersign the proposed override" not in body  # nothing pending

    def test_the_result_is_shown_in_the_readers_language(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = completed(person, worker)
        body = signed_in.get(reverse("assessments:detail", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Alto" in body and "Drogas" in body and "¿Consume drogas la persona?" in body and "A veces" in body

    def test_a_completed_assessment_cannot_be_answered(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = completed(person, worker)
        response = _autosave(signed_in, assessment, "drugs_use", "no")
        assert response.status_code == 409 and reload(assessment).answers["drugs_use"] == "some"


class TestResultAccess:
    def test_summary_viewers_see_band_date_and_needs_only(self, client: Any, worker: Any, person: Any,
                                                          volunteers_see_summaries: None) -> None:
        assessment = completed(person, worker, answers={**HIGH, "work_note": "Secret note"})
        client.force_login(user_with_role(Role.VOLUNTEER))
        response = client.get(reverse("assessments:detail", args=[assessment.pk]))
        body = response.content.decode()
        assert response.status_code == 200 and 'data-access="summary"' in body and "High" in body
        assert "Drugs" in body  # the need label
        for hidden in ("Secret note", "Does the person use drugs?", "Sometimes", "Scores by domain", "override"):
            assert hidden not in body

    def test_summary_viewers_cannot_open_drafts(self, client: Any, worker: Any, person: Any,
                                               volunteers_see_summaries: None) -> None:
        assessment = draft(person, worker)
        client.force_login(user_with_role(Role.VOLUNTEER))
        assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code in (403, 404)

    def test_users_without_access_get_nothing(self, client: Any, worker: Any, person: Any) -> None:
        assessment = completed(person, worker)
        client.force_login(user_with_role(Role.ANALYST))
        assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 403
        client.force_login(officer())
        assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 404
        assert client.get(reverse("assessments:person-list", args=[person.pk])).status_code == 404

    def test_person_list(self, signed_in: Any, worker: Any, person: Any) -> None:
        completed(person, worker)
        draft(person, worker)
        body = signed_in.get(reverse("assessments:person-list", args=[person.pk])).content.decode()
        assert body.count("Service test needs") == 2 and "Draft" in body and "Start an assessment" in body


class TestOverrideCountersignCorrect:
    def test_propose_override_needs_a_reason_and_changes_nothing_without_one(self, signed_in: Any, worker: Any,
                                                                            person: Any) -> None:
        assessment = completed(person, worker)
        url = reverse("assessments:override", args=[assessment.pk])
        response = signed_in.post(url, {"override-version": assessment.version, "override-band": "moderate",
                                        "override-reason": ""})
        assert response.status_code == 400 and "Give the reason for the override." in response.content.decode()
        assert reload(assessment).override_status == OverrideStatus.NONE
        response = signed_in.post(url, {"override-version": assessment.version, "override-band": "moderate",
                                        "override-reason": "Stable housing since the interview."})
        assert response.status_code == 302
        changed = reload(assessment)
        assert changed.override_status == OverrideStatus.PENDING and changed.final_band == "high"

    def test_a_supervisor_countersigns_but_not_the_proposer(self, client: Any, worker: Any, person: Any,
                                                            case_staff_see_everyone: None) -> None:
        assessment = completed(person, worker)
        client.force_login(worker)
        client.post(reverse("assessments:override", args=[assessment.pk]), {
            "override-version": assessment.version, "override-band": "moderate", "override-reason": "Housing."})
        pending = reload(assessment)
        assert pending.override_status == OverrideStatus.PENDING
        # The proposer holds no countersign right: no form, and a POST is refused.
        assert "Countersign the proposed override" not in client.get(reverse("assessments:detail", args=[pending.pk])).content.decode()
        response = client.post(reverse("assessments:countersign", args=[pending.pk]), {
            "countersign-version": pending.version, "countersign-decision": "approve"})
        assert response.status_code == 403 and reload(pending).override_status == OverrideStatus.PENDING
        supervisor = user_with_role(Role.SUPERVISOR, worker.memberships.first().organisation)
        client.force_login(supervisor)
        assert "Countersign the proposed override" in client.get(reverse("assessments:detail", args=[pending.pk])).content.decode()
        response = client.post(reverse("assessments:countersign", args=[pending.pk]), {
            "countersign-version": pending.version, "countersign-decision": "refuse", "countersign-note": ""})
        assert response.status_code == 400 and reload(pending).override_status == OverrideStatus.PENDING
        response = client.post(reverse("assessments:countersign", args=[pending.pk]), {
            "countersign-version": pending.version, "countersign-decision": "approve"})
        assert response.status_code == 302
        signed = reload(pending)
        assert signed.override_status == OverrideStatus.COUNTERSIGNED and signed.final_band == "moderate"

    def test_countersigning_without_a_pending_override_is_refused_with_a_message(
            self, client: Any, worker: Any, person: Any, case_staff_see_everyone: None) -> None:
        assessment = completed(person, worker)
        client.force_login(user_with_role(Role.SUPERVISOR, worker.memberships.first().organisation))
        response = client.post(reverse("assessments:countersign", args=[assessment.pk]), {
            "countersign-version": assessment.version, "countersign-decision": "approve"})
        assert response.status_code == 400 and "There is no override awaiting countersignature." in response.content.decode()
        assert reload(assessment).version == assessment.version

    def test_correction_needs_a_reason_then_opens_a_new_draft(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = completed(person, worker)
        url = reverse("assessments:correct", args=[assessment.pk])
        response = signed_in.post(url, {"correct-reason": ""})
        assert response.status_code == 400 and Assessment.objects.count() == 1
        response = signed_in.post(url, {"correct-reason": "Drug use was misrecorded."})
        correction = Assessment.objects.exclude(pk=assessment.pk).get()
        assert response.status_code == 302 and response["Location"] == reverse("assessments:detail", args=[correction.pk])
        assert correction.supersedes_id == assessment.pk and correction.status == AssessmentStatus.DRAFT
        body = signed_in.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
        assert "Corrected by" in body and "Correct this assessment" not in body

    @pytest.mark.parametrize("name", ["override", "countersign", "correct"])
    def test_refused_for_users_without_the_right(self, client: Any, worker: Any, person: Any, name: str) -> None:
        assessment = completed(person, worker)
        client.force_login(user_with_role(Role.ANALYST))
        response = client.post(reverse(f"assessments:{name}", args=[assessment.pk]), {
            "override-version": assessment.version, "override-band": "low", "override-reason": "x",
            "countersign-version": assessment.version, "countersign-decision": "approve", "correct-reason": "x"})
        assert response.status_code == 403
        unchanged = reload(assessment)
        assert unchanged.version == assessment.version and Assessment.objects.count() == 1


class TestDueList:
    def test_empty_state(self, signed_in: Any) -> None:
        body = signed_in.get(reverse("assessments:due")).content.decode()
        assert "data-empty" in body

    def test_overdue_rows_are_highlighted(self, signed_in: Any, worker: Any, person: Any) -> None:
        assessment = completed(person, worker)
        Assessment.objects.filter(pk=assessment.pk).update(next_due=timezone.localdate() - dt.timedelta(days=3))
        body = signed_in.get(reverse("assessments:due"), {"sort": "-due"}).content.decode()
        if "data-empty" in body:
            pytest.skip("this person is not in the officer's own caseload in this set-up")
        assert person.family_name in body and "data-overdue" in body and "Overdue" in body

    def test_refused_without_the_right(self, client: Any) -> None:
        client.force_login(user_with_role(Role.VOLUNTEER))
        assert client.get(reverse("assessments:due")).status_code == 403

    def test_linked_from_the_home_page(self, signed_in: Any) -> None:
        assert reverse("assessments:due") in signed_in.get(reverse("home")).content.decode()


def test_voided_people_cannot_be_assessed(signed_in: Any, worker: Any) -> None:
    person = PersonFactory(actor=worker)
    from reintegra.people.services import person_void

    person_void(person=person, actor=worker, expected_version=person.version, reason="Created in error.")
    response = signed_in.post(reverse("assessments:start", args=[person.pk]), {"instrument": NEEDS, "occasion": "admission"})
    assert response.status_code in (403, 404) and not Assessment.objects.exists()


class TestDiscard:
    def _post(self, client: Any, assessment: Assessment, **data: Any) -> Any:
        payload = {"discard-version": assessment.version, "discard-reason": "Started for the wrong person.",
                   "discard-confirm": "on"}
        payload.update({f"discard-{key}": value for key, value in data.items()})
        payload = {key: value for key, value in payload.items() if value is not None}
        return client.post(reverse("assessments:discard", args=[assessment.pk]), payload)

    def test_the_form_page_offers_it(self, signed_in: Any, person: Any, worker: Any) -> None:
        assessment = draft(person, worker)
        body = signed_in.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
        assert "Discard this draft" in body and reverse("assessments:discard", args=[assessment.pk]) in body

    def test_discarding_voids_the_draft_with_the_reason(self, signed_in: Any, person: Any, worker: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment)
        assessment = reload(assessment)
        assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
        assert assessment.is_voided and assessment.void_reason == "Started for the wrong person."
        assert assessment.voided_by == worker

    @pytest.mark.parametrize(("data", "message"), [
        ({"reason": ""}, "Give the reason for discarding this draft."),
        ({"confirm": None}, "Tick the box to confirm that the draft should be discarded."),
    ])
    def test_missing_reason_or_confirmation_changes_nothing(self, signed_in: Any, person: Any, worker: Any,
                                                           data: dict[str, Any], message: str) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, **data)
        assert response.status_code == 400 and message in response.content.decode()
        assert not reload(assessment).is_voided

    def test_a_stale_page_is_refused(self, signed_in: Any, person: Any, worker: Any) -> None:
        assessment = draft(person, worker)
        response = self._post(signed_in, assessment, version=assessment.version + 5)
        assert response.status_code == 409 and not reload(assessment).is_voided

    def test_a_completed_assessment_is_not_discarded(self, signed_in: Any, person: Any, worker: Any) -> None:
        assessment = completed(person, worker)
        response = self._post(signed_in, assessment)
        assert response.status_code == 302 and not reload(assessment).is_voided

    def test_users_without_the_right_are_refused(self, client: Any, person: Any, worker: Any) -> None:
        assessment = draft(person, worker)
        client.force_login(user_with_role(Role.ANALYST))
        assert self._post(client, assessment).status_code == 403 and not reload(assessment).is_voided
