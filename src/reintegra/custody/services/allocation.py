"""Recording an allocation decision: the facility chosen from a fresh ranking, and why.

``allocation_decide`` ranks the facilities again at the moment of decision (the figures may have
moved since the page was drawn), keeps that ranking with the decision, and:
- when the person is held in another facility, transfers them through
  ``justice.services.custody_transfer`` (the old stay ends and a new one starts the same day, so
  the move is kept as custody spans) and closes their open unit stay;
- when they are held in the chosen facility, records that they stay;
- when they are not held, records the decision for the admission (``allocation_admit`` admits
  them to the chosen facility later and links the stay).

Refused (nothing written, the refusal audited) when the facility is not suitable (below the
required security, wrong sex or age category, not described), the reason is missing, or the
person's custody changed since the page was shown.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.errors import AccessDenied, StaleEditError
from reintegra.custody.allocation import Ranked
from reintegra.custody.allocation_selectors import AllocationRanking, allocation_rank, ranking_snapshot
from reintegra.custody.choices import SecurityLevel
from reintegra.custody.models import AllocationDecision
from reintegra.custody.services.stays import close_open_stay
from reintegra.justice.models import Case, CustodyEpisode, Disposition
from reintegra.justice.services import custody_admit, custody_transfer
from reintegra.people.models import Person
from reintegra.people.services import timeline_record

F = TypeVar("F", bound=Callable[..., Any])

OBJECT_TYPE = "custody.allocationdecision"
MIN_REASON = 10
# Choosing a facility below the first-ranked one needs a fuller explanation.
MIN_REASON_NOT_TOP = 40
TIMELINE_KINDS = {
    "custody.allocated": gettext_lazy("Allocated to %(facility)s (ranked %(rank)s of %(of)s): %(outcome)s"),
}
TIMELINE_FORMATTERS = {"outcome": lambda code: str(AllocationDecision.Outcome(code).label)
                       if code in AllocationDecision.Outcome.values else str(code)}


def _refusals_audited(operation: str) -> Callable[[F], F]:
    """A refused write changes nothing (its atomic block rolls back); the refusal is then audited
    in a transaction of its own: the operation and the fields in error, never their values."""

    def decorate(service: F) -> F:
        @functools.wraps(service)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return service(*args, **kwargs)
            except (ValidationError, AccessDenied) as exc:
                person = kwargs.get("person") or getattr(kwargs.get("decision"), "person", None)
                fields = sorted(exc.error_dict) if isinstance(exc, ValidationError) and hasattr(exc, "error_dict") else []
                why = "access" if isinstance(exc, AccessDenied) else "stale" if isinstance(exc, StaleEditError) else "invalid"
                with transaction.atomic():
                    audit_record(actor=kwargs.get("actor"), action=AuditAction.DENIED, object_type=OBJECT_TYPE,
                                 person_id=getattr(person, "pk", None), fields=fields,
                                 detail={"event": "allocation.refused", "operation": operation, "why": why})
                raise

        return wrapper  # type: ignore[return-value]

    return decorate


def _reason_errors(errors: dict[str, list[str]], reason: str, chosen_rank: int | None, top_name: str) -> None:
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON:
        errors.setdefault("reason", []).append(
            _("Give the reason for this decision (at least %(n)s characters).") % {"n": MIN_REASON})
    elif chosen_rank is not None and chosen_rank > 1 and len(reason) < MIN_REASON_NOT_TOP:
        errors.setdefault("reason", []).append(_(
            "You chose a facility ranked %(rank)s, not the first (%(top)s): explain why the higher-ranked "
            "facilities were passed over (at least %(n)s characters).") % {
                "rank": chosen_rank, "top": top_name, "n": MIN_REASON_NOT_TOP})


def _current_episode(person: Person, on: dt.date) -> CustodyEpisode | None:
    return (CustodyEpisode.objects.select_for_update().filter(
        person=person, voided_at__isnull=True, admitted_on__lte=on).exclude(released_on__lte=on)
        .order_by("-admitted_on", "-id").first())


def allocation_check(
    *, actor: Any, person: Person, facility: Organisation | None, required_security: str, reason: str,
    on: dt.date | None = None,
) -> tuple[AllocationRanking, Ranked]:
    """The checks of ``allocation_decide`` without writing anything (the page's confirmation step):
    the fresh ranking and the chosen facility's place in it, or ``ValidationError``."""
    require(actor, Action.ALLOCATION_DECIDE)
    on = on or timezone.localdate()
    if required_security not in SecurityLevel.values:
        raise ValidationError({"required_security": [_("Choose the security level the person requires.")]})
    if facility is None:
        raise ValidationError({"facility": [_("Choose a facility from the ranking.")]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    errors: dict[str, list[str]] = {}
    ranking = allocation_rank(user=actor, person=person, required_security=required_security, on=on)
    chosen = ranking.result_for(facility.pk)
    top = ranking.ranked[0].name if ranking.ranked else ""
    if chosen is None:
        errors.setdefault("facility", []).append(_("This is not an active facility."))
    elif not chosen.suitable:
        errors.setdefault("facility", []).extend(
            _("%(facility)s cannot hold this person: %(why)s") % {"facility": chosen.name, "why": c.explanation}
            for c in chosen.problems)
    _reason_errors(errors, reason, chosen.rank if chosen is not None else None, top)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    return ranking, chosen


@_refusals_audited("decide")
@transaction.atomic
def allocation_decide(
    *, actor: Any, person: Person, facility: Organisation | None, required_security: str, reason: str,
    on: dt.date | None = None, expected_episode: int | None = None, expected_episode_version: int | None = None,
) -> AllocationDecision:
    """Decide where ``person`` is held (see the module docstring). ``on`` (default today) is the
    day of the transfer; ``expected_episode``/``expected_episode_version`` are the custody stay the
    decider saw (``None``: none), so a decision made on a stale page is refused."""
    require(actor, Action.ALLOCATION_DECIDE)
    on = on or timezone.localdate()
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk").first()  # one decision at a time
    episode = _current_episode(person, on)
    if (episode.pk if episode else None) != expected_episode or (
            episode is not None and expected_episode_version is not None and episode.version != expected_episode_version):
        raise StaleEditError(current_version=episode.version if episode else 0,
                             expected_version=expected_episode_version or 0)
    ranking, chosen = allocation_check(actor=actor, person=person, facility=facility,
                                       required_security=required_security, reason=reason, on=on)
    assert facility is not None
    reason = " ".join(reason.split())
    assert chosen is not None and chosen.rank is not None
    new_episode = None
    if episode is None:
        outcome = AllocationDecision.Outcome.ADMISSION
    elif episode.facility_id == facility.pk:
        outcome, new_episode = AllocationDecision.Outcome.STAY, episode
    else:
        outcome = AllocationDecision.Outcome.TRANSFER
        close_open_stay(actor=actor, episode=episode, on=on)
        try:
            new_episode = custody_transfer(actor=actor, episode=episode, to_facility=facility, transferred_on=on,
                                           expected_version=episode.version)
        except ValidationError as exc:  # justice's own rules (e.g. the stay started on this very day)
            raise ValidationError({"on" if field in ("transferred_on", "released_on") else
                                   "facility" if field == "to_facility" else field: messages
                                   for field, messages in exc.message_dict.items()}) from None
    decision = AllocationDecision.objects.create(
        person=person, facility=facility, required_security=required_security, ranking=ranking_snapshot(ranking),
        chosen_rank=chosen.rank, reason=reason, outcome=outcome, effective_on=on, from_episode=episode,
        episode=new_episode, decided_by=actor if getattr(actor, "pk", None) else None, decided_at=timezone.now(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, object_id=decision.pk,
                 person_id=person.pk, fields=["facility", "required_security", "reason", "outcome"],
                 detail={"chosen_rank": chosen.rank, "outcome": outcome})
    timeline_record(person=person, kind="custody.allocated", occurred_on=on, source_app="custody",
                    params={"facility": facility.name, "rank": chosen.rank, "of": len(ranking.ranked),
                            "outcome": outcome},
                    obj=decision, actor=actor)
    return decision


@_refusals_audited("admit")
@transaction.atomic
def allocation_admit(
    *, actor: Any, decision: AllocationDecision, kind: str, admitted_on: dt.date,
    disposition: Disposition | None = None, case: Case | None = None,
) -> CustodyEpisode:
    """Admit the person of a decision made for the admission to the facility decided, through
    ``justice.services.custody_admit``, and link the new stay to the decision."""
    require(actor, Action.ALLOCATION_DECIDE)
    decision = AllocationDecision.objects.select_for_update().select_related("person", "facility").get(pk=decision.pk)
    if decision.outcome != AllocationDecision.Outcome.ADMISSION or decision.episode_id is not None:
        raise ValidationError({"decision": [_("This decision is not waiting for an admission.")]})
    latest = AllocationDecision.objects.filter(person=decision.person).order_by("-decided_at", "-id").first()
    if latest is not None and latest.pk != decision.pk:
        raise ValidationError({"decision": [_("A later decision replaced this one.")]})
    episode = custody_admit(actor=actor, person=decision.person, facility=decision.facility, kind=kind,
                            admitted_on=admitted_on, disposition=disposition, case=case)
    AllocationDecision.objects.filter(pk=decision.pk).update(episode=episode)
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type=OBJECT_TYPE, object_id=decision.pk,
                 person_id=decision.person_id, fields=["episode"])
    return episode
