"""Release preparation for tests, built through the services (history, audit and timeline as in
real use).

``release_ready(episode, actor)`` makes a sentenced stay releasable into the community: the
checklist waived with a reason and the first appointment booked with a probation officer. Tests of
other apps that release a sentenced person at the end of their sentence, on parole or on
conditional release call it before ``custody_release`` (the release guard refuses otherwise)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, allowed, person_access
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.justice.choices import CustodyKind
from reintegra.justice.models import CustodyEpisode
from reintegra.people.models import Person
from reintegra.reentry import services
from reintegra.reentry.choices import ChecklistState
from reintegra.reentry.models import ReleaseHandover, ReleasePreparation

WAIVER = "Agreed at the pre-release board"


def _preparer(episode: CustodyEpisode, actor: Any) -> Any:
    """``actor`` when they may prepare this person's release, else a case manager at the prison."""
    if actor is not None and allowed(actor, Action.RELEASE_EDIT) and person_access(actor, episode.person).full:
        return actor
    return user_with_role(Role.PRISON_CASE_MANAGER, episode.facility)


def preparation_of(episode: CustodyEpisode, actor: Any = None) -> ReleasePreparation:
    """The open record of the episode's person (opened at admission; opened now if it predates it)."""
    found = ReleasePreparation.objects.filter(person_id=episode.person_id, status="preparing",
                                              voided_at__isnull=True).first()
    return found or services.preparation_open(actor=_preparer(episode, actor), episode=episode)


def book_first_appointment(preparation: ReleasePreparation, actor: Any, officer: Any = None,
                           office: Organisation | None = None,
                           when: dt.datetime | None = None) -> ReleaseHandover:
    """The handover prepared with a probation officer (a new one at a new office unless given)."""
    from reintegra.justice.tests.factories import ProbationOfficeFactory

    office = office or ProbationOfficeFactory()
    officer = officer or user_with_role(Role.PROBATION_OFFICER, office)
    return services.handover_prepare(
        actor=actor, preparation=preparation, officer=officer, office=office,
        scheduled_for=when or timezone.now() + dt.timedelta(days=3))


def waive_checklist(preparation: ReleasePreparation, actor: Any, reason: str = WAIVER) -> None:
    for item in preparation.checklist.filter(state=ChecklistState.OPEN):
        services.checklist_waive(actor=actor, item=item, reason=reason)


def release_ready(episode: CustodyEpisode, actor: Any = None) -> ReleasePreparation:
    """Make ``episode`` (a sentenced stay) releasable into the community: the first appointment
    booked and the rest of the checklist waived with a reason, by ``actor`` when they may prepare
    the release, otherwise by a case manager at the prison. Returns the record."""
    assert episode.kind == CustodyKind.SENTENCED, "only sentenced stays are guarded"
    actor = _preparer(episode, actor)
    preparation = preparation_of(episode, actor)
    if not ReleaseHandover.objects.filter(preparation=preparation, appointment__isnull=False).exists():
        book_first_appointment(preparation, actor)
    waive_checklist(preparation, actor)
    preparation.refresh_from_db()
    return preparation


@dataclass
class World:
    """A prison with a case manager, a person serving a custodial sentence there (the record opened
    at admission), and a probation office with an officer."""

    prison: Organisation
    office: Organisation
    manager: Any
    officer: Any
    person: Person
    episode: CustodyEpisode
    preparation: ReleasePreparation


def sentenced_world(*, term_days: int = 365, decided_on: dt.date | None = None) -> World:
    """``decided_on`` defaults to a sentence whose conditional release falls about 8 weeks from today."""
    from reintegra.justice.tests.factories import CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory

    prison, office = FacilityFactory(), ProbationOfficeFactory()
    manager = user_with_role(Role.PRISON_CASE_MANAGER, prison)
    decided_on = decided_on or timezone.localdate() - dt.timedelta(days=term_days // 2 - 56)
    disposition = DispositionFactory(term_days=term_days, decided_on=decided_on)
    episode = CustodyEpisodeFactory(person=disposition.person, facility=prison, kind=CustodyKind.SENTENCED,
                                    disposition=disposition, admitted_on=decided_on, actor=manager)
    return World(prison=prison, office=office, manager=manager, officer=user_with_role(Role.PROBATION_OFFICER, office),
                 person=episode.person, episode=episode,
                 preparation=ReleasePreparation.objects.get(person=episode.person, episode=episode))


def matrix_release(world: dict[str, Any]) -> dict[str, Any]:
    """For the authorisation matrix's world (``person`` on remand at ``prison`` since 2024,
    supervised at the office by ``officer``; ``case``): the remand ends yesterday (bail) and a
    custodial sentence of the world's case starts the same day at the same prison, which opens the
    person's release-preparation record (so the prison and the office keep the person in scope).
    The record gets an action and evidence on the accommodation pathway and a handover to
    ``officer`` with a first appointment. Returns ``preparation``, ``pathway``, ``release_action``,
    ``evidence``, ``item`` (an open checklist item) and ``sentence_episode``."""
    from reintegra.justice import services as justice
    from reintegra.justice.choices import DispositionKind, ReleaseType

    person, prison = world["person"], world["prison"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    remand = CustodyEpisode.objects.get(pk=world["episode"].pk)
    justice.custody_release(actor=None, episode=remand, released_on=yesterday, release_type=ReleaseType.BAIL,
                            expected_version=remand.version)
    sentence = justice.disposition_record(actor=None, case=world["case"], kind=DispositionKind.CUSTODIAL,
                                          decided_on=yesterday, term_days=365)
    episode = justice.custody_admit(actor=None, person=person, facility=prison, kind=CustodyKind.SENTENCED,
                                    admitted_on=yesterday, disposition=sentence)
    preparation = ReleasePreparation.objects.get(person=person, episode=episode)
    actor = _preparer(episode, world["user"])
    pathway = preparation.pathways.get(pathway="accommodation")
    action = services.pathway_action_add(actor=actor, pathway=pathway, description="Housing referral",
                                         owner_kind="person", due_on=timezone.localdate() + dt.timedelta(days=20))
    evidence = services.evidence_add(actor=actor, pathway=pathway, kind="address_confirmed", seen_on=yesterday)
    book_first_appointment(preparation, actor, officer=world["officer"], office=world["period"].office)
    item = preparation.checklist.get(item="family_decided")
    preparation.refresh_from_db()
    return {"preparation": preparation, "pathway": pathway, "release_action": action, "evidence": evidence,
            "item": item, "sentence_episode": episode}
