"""Release preparation services: opening from admission, pathways, the checklist and its
enforcement at release, the handover and its acknowledgement."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.justice.choices import CustodyKind, ReleaseType
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.justice.services import custody_release, custody_transfer
from reintegra.justice.tests.factories import CustodyEpisodeFactory
from reintegra.reentry import services
from reintegra.reentry.choices import ChecklistState, PathwayStatus, PreparationStatus
from reintegra.reentry.models import ReleasePreparation
from reintegra.reentry.services.checklist import CHECKLIST_MESSAGE
from reintegra.reentry.tests.factories import book_first_appointment, release_ready, sentenced_world, waive_checklist
from reintegra.supervision.models import Appointment

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_sentenced_admission_opens_the_record_and_remand_does_not() -> None:
    w = sentenced_world()
    assert w.preparation.status == PreparationStatus.PREPARING
    assert w.preparation.responsible_officer == w.manager
    assert w.preparation.pathways.count() == 8 and w.preparation.checklist.count() == 5
    remand = CustodyEpisodeFactory(kind=CustodyKind.REMAND)
    assert not ReleasePreparation.objects.filter(person=remand.person).exists()


def test_a_transfer_keeps_the_same_record() -> None:
    from reintegra.accounts.tests.factories import FacilityFactory

    w = sentenced_world()
    new = custody_transfer(actor=None, episode=w.episode, to_facility=FacilityFactory(), transferred_on=TODAY,
                           expected_version=w.episode.version)
    assert ReleasePreparation.objects.filter(person=w.person).count() == 1
    assert services.current_episode(w.person.pk) == new


def test_open_for_someone_already_in_custody_is_refused_when_one_is_open() -> None:
    w = sentenced_world()
    with pytest.raises(ValidationError) as caught:
        services.preparation_open(actor=w.manager, episode=w.episode)
    assert "episode" in caught.value.message_dict


def test_pathway_needs_a_need_written_down_and_a_stale_edit_is_refused() -> None:
    w = sentenced_world()
    pathway = w.preparation.pathways.get(pathway="accommodation")
    with pytest.raises(ValidationError) as caught:
        services.pathway_update(actor=w.manager, pathway=pathway, status=PathwayStatus.NEED_IDENTIFIED, needs=" ")
    assert "needs" in caught.value.message_dict
    services.pathway_update(actor=w.manager, pathway=pathway, status=PathwayStatus.NEED_IDENTIFIED, needs="No address")
    with pytest.raises(StaleEditError):
        services.pathway_update(actor=w.manager, pathway=pathway, status=PathwayStatus.RESOLVED, needs="x",
                                expected_version=1)


def test_actions_and_evidence_are_added_and_voided_never_deleted() -> None:
    w = sentenced_world()
    pathway = w.preparation.pathways.get(pathway="identity")
    action = services.pathway_action_add(actor=w.manager, pathway=pathway, description="Apply for ID card",
                                         owner_kind="person", due_on=TODAY + dt.timedelta(days=10))
    services.pathway_action_update(actor=w.manager, action=action, status="done")
    evidence = services.evidence_add(actor=w.manager, pathway=pathway, kind="id_document_seen", seen_on=TODAY)
    with pytest.raises(ValidationError):
        services.evidence_void(actor=w.manager, evidence=evidence, reason="")
    services.evidence_void(actor=w.manager, evidence=evidence, reason="Wrong person's card")
    evidence.refresh_from_db()
    assert evidence.is_voided and pathway.evidence.count() == 1
    with pytest.raises(ValidationError) as caught:
        services.pathway_action_add(actor=w.manager, pathway=pathway, description="x", owner_kind="staff",
                                    due_on=TODAY)
    assert "owner_user" in caught.value.message_dict


def test_a_waiver_without_a_reason_is_refused_and_audited() -> None:
    w = sentenced_world()
    item = w.preparation.checklist.get(item="family_decided")
    with pytest.raises(ValidationError) as caught:
        services.checklist_waive(actor=w.manager, item=item, reason="  ")
    assert "reason" in caught.value.message_dict
    item.refresh_from_db()
    assert item.state == ChecklistState.OPEN
    assert AuditEvent.objects.filter(detail__event="release.refused", detail__operation="checklist_waive").exists()


def test_completing_the_pathways_item_needs_every_pathway_settled() -> None:
    w = sentenced_world()
    item = w.preparation.checklist.get(item="pathways")
    with pytest.raises(ValidationError):
        services.checklist_complete(actor=w.manager, item=item)
    for pathway in w.preparation.pathways.all():
        services.pathway_update(actor=w.manager, pathway=pathway, status=PathwayStatus.NO_NEED, needs="")
    item = services.checklist_complete(actor=w.manager, item=item)
    assert item.state == ChecklistState.COMPLETE and item.decided_by == w.manager


def _release(w, release_type=ReleaseType.CONDITIONAL):  # noqa: ANN001, ANN202
    return services.release_record(actor=w.manager, preparation=w.preparation, released_on=TODAY,
                                   release_type=release_type)


def test_release_is_refused_with_the_message_and_nothing_changes_while_the_checklist_is_open() -> None:
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    w.preparation.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _release(w)
    assert caught.value.message_dict["checklist"] == [CHECKLIST_MESSAGE]
    w.episode.refresh_from_db()
    w.preparation.refresh_from_db()
    assert w.episode.released_on is None and w.preparation.status == PreparationStatus.PREPARING
    assert not SupervisionPeriod.objects.filter(person=w.person).exists()


def test_the_guard_refuses_any_community_release_of_a_sentenced_stay_but_not_bail_or_court_order() -> None:
    w = sentenced_world()
    with pytest.raises(ValidationError) as caught:
        custody_release(actor=None, episode=w.episode, released_on=TODAY, release_type=ReleaseType.END_OF_SENTENCE,
                        expected_version=w.episode.version)
    assert set(caught.value.message_dict) == {"checklist", "first_appointment"}
    custody_release(actor=None, episode=w.episode, released_on=TODAY, release_type=ReleaseType.COURT_ORDER,
                    expected_version=w.episode.version)


def test_release_is_refused_without_a_first_appointment_even_when_waived() -> None:
    w = sentenced_world()
    waive_checklist(w.preparation, w.manager)
    with pytest.raises(ValidationError) as caught:
        _release(w)
    assert "first_appointment" in caught.value.message_dict and "checklist" not in caught.value.message_dict


def test_release_when_waived_starts_supervision_attaches_the_appointment_and_hands_over() -> None:
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    preparation = _release(w)
    assert preparation.status == PreparationStatus.RELEASED
    period = preparation.supervision_period
    assert period.kind == "licence" and period.officer == w.officer and period.office == w.office
    assert Appointment.objects.get(person=w.person).period == period
    handover = preparation.handover
    assert handover.sent_at is not None and handover.acknowledged_at is None
    assert CustodyEpisode.objects.get(pk=w.episode.pk).release_type == ReleaseType.CONDITIONAL


def test_release_when_complete_at_end_of_sentence_starts_no_supervision() -> None:
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    for pathway in w.preparation.pathways.all():
        services.pathway_update(actor=w.manager, pathway=pathway, status=PathwayStatus.NO_NEED, needs="")
    for item in w.preparation.checklist.filter(state=ChecklistState.OPEN):
        services.checklist_complete(actor=w.manager, item=item)
    w.preparation.refresh_from_db()
    preparation = _release(w, ReleaseType.END_OF_SENTENCE)
    assert preparation.status == PreparationStatus.RELEASED and preparation.supervision_period is None


def test_only_the_receiving_officer_acknowledges_and_only_once() -> None:
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    preparation = _release(w, ReleaseType.PAROLE)
    colleague = user_with_role(Role.PROBATION_OFFICER, w.office)
    with pytest.raises(AccessDenied):
        services.release_handover_acknowledge(actor=colleague, preparation=preparation)
    with pytest.raises(AccessDenied):
        services.release_handover_acknowledge(actor=w.manager, preparation=preparation)
    handover = services.release_handover_acknowledge(actor=w.officer, preparation=preparation)
    assert handover.acknowledged_by == w.officer
    with pytest.raises(ValidationError):
        services.release_handover_acknowledge(actor=w.officer, preparation=preparation)


def test_release_ready_makes_a_sentenced_stay_releasable_for_other_apps_tests() -> None:
    w = sentenced_world()
    release_ready(w.episode)
    w.episode.refresh_from_db()
    custody_release(actor=None, episode=w.episode, released_on=TODAY, release_type=ReleaseType.PAROLE,
                    expected_version=w.episode.version)


def test_release_hands_the_case_plan_and_latest_assessment_over_and_acknowledging_takes_the_plan() -> None:
    from reintegra.planning.tests.factories import World as PlanWorld
    from reintegra.planning.tests.factories import active_plan, needs_assessment

    w = sentenced_world()
    assessment = needs_assessment(w.person)
    plan = active_plan(PlanWorld(prison=w.prison, office=w.office, manager=w.manager,
                                 supervisor=user_with_role(Role.SUPERVISOR, w.prison), person=w.person,
                                 assessment=assessment))
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    preparation = _release(w, ReleaseType.END_OF_SENTENCE)  # no supervision period: the handover gives access
    handover = preparation.handover
    assert handover.plan_handover.plan == plan and handover.plan_handover.to_officer == w.officer
    assert handover.assessment == assessment
    services.release_handover_acknowledge(actor=w.officer, preparation=preparation)
    handover.plan_handover.refresh_from_db()
    assert handover.plan_handover.acknowledged_at is not None


def test_after_a_transfer_the_release_ends_the_current_stay() -> None:
    from reintegra.accounts.tests.factories import FacilityFactory

    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    to_prison = FacilityFactory()
    new = custody_transfer(actor=None, episode=w.episode, to_facility=to_prison,
                           transferred_on=TODAY - dt.timedelta(days=1), expected_version=w.episode.version)
    w.preparation.refresh_from_db()
    receiving = user_with_role(Role.PRISON_CASE_MANAGER, to_prison)  # the new prison's case manager releases
    services.release_record(actor=receiving, preparation=w.preparation, released_on=TODAY,
                            release_type=ReleaseType.PAROLE)
    new.refresh_from_db()
    assert new.released_on == TODAY and new.release_type == ReleaseType.PAROLE
