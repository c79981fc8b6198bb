"""What staff do with an eligibility flag: act on it, defer it to a date, or decline it, always
with a reason. The rule's reasons as they stand at that moment are stored with the decision, so
the review shows why the person was flagged even after the facts move on.

- Acting on ``lower_level`` sets the period's level to the one the latest assessment's band calls
  for (``supervision.services.levels.level_set``), in the same transaction.
- Acting on ``early_discharge`` records the decision to ask for it; ending the period early is the
  court's or board's decision, recorded in justice (``supervision_end`` with reason early discharge).
- Acting on a custody rule (parole review, conditional release) records that the work has started.

A deferred flag is hidden until its date; a declined one for the rule's ``reconsider_after_days``
(90 by default) or until the person's band, level or arrest record changes; see
``supervision.selectors.eligibility``. Needs ``supervision.edit`` (supervised) or
``release.edit`` (custody) and the person's full record; one audit entry per decision; a refusal
changes nothing and leaves one ``supervision.refused`` entry.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.choices import AuditAction
from reintegra.audit.refusals import RefusalLog
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.supervision.choices import EligibilityOutcome
from reintegra.supervision.eligibility import CUSTODY, SUPERVISED, evaluate, rule_get
from reintegra.supervision.eligibility.gather import custody_facts, supervised_facts
from reintegra.supervision.models import EligibilityReview
from reintegra.supervision.selectors.eligibility import EDIT_ACTION
from reintegra.supervision.services.appointments import REFUSED, audit_change, check_person, raise_if

OBJECT_TYPE = "supervision.eligibilityreview"
REASON_MAX = 4000


def _subject(kwargs: dict[str, Any]) -> tuple[Any, Any]:
    for key in ("period", "episode"):
        value = kwargs.get(key)
        if value is not None and getattr(value, "pk", None):
            return value, value.person_id
    return None, None


_REFUSALS = RefusalLog(object_type=OBJECT_TYPE, event=REFUSED, subject=_subject, refresh=("period", "episode"))


@_REFUSALS.refusable("review")
def eligibility_review_record(
    *, actor: Any, rule: str, outcome: str, reason: str, period: SupervisionPeriod | None = None,
    episode: CustodyEpisode | None = None, defer_until: dt.date | None = None, on: dt.date | None = None,
) -> EligibilityReview:
    """Record staff's decision on the flag of ``rule`` for ``period`` (supervised) or ``episode``
    (custody). Refused when the rule does not flag the person today, without a reason, with a
    deferral date not after today (or one given for another decision), or on a closed period or stay."""
    on = on or timezone.localdate()
    if (period is None) == (episode is None):
        raise ValidationError({"period": [_("Name either the supervision period or the custody stay.")]})
    target = period if period is not None else episode
    population = SUPERVISED if period is not None else CUSTODY
    check_person(actor, target.person, EDIT_ACTION[population])
    errors: dict[str, list[str]] = {}
    found = rule_get(rule)
    if found is None or found.population != population:
        errors["rule"] = [_("There is no such eligibility rule for this person.")]
    if outcome not in EligibilityOutcome.values:
        errors["outcome"] = [_("Choose act, defer or decline.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Give the reason for the decision.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}]
    if outcome == EligibilityOutcome.DEFER:
        if defer_until is None:
            errors["defer_until"] = [_("Give the date until which to defer.")]
        elif defer_until <= on:
            errors["defer_until"] = [_("The deferral date must be after today.")]
    elif defer_until is not None:
        errors["defer_until"] = [_("Only a deferral has a date.")]
    model = SupervisionPeriod if population == SUPERVISED else CustodyEpisode
    rows = (supervised_facts if population == SUPERVISED else custody_facts)(model.objects.filter(pk=target.pk), on)
    if not rows:
        errors["period" if population == SUPERVISED else "episode"] = [
            _("This supervision period is not open.") if population == SUPERVISED
            else _("This custody stay is not an open sentenced stay with key dates.")]
    result = evaluate(found, rows[0].facts) if found is not None and rows else None
    if result is not None and not result.eligible:
        errors["rule"] = [_("This rule does not flag the person today: %(why)s") % {"why": "; ".join(result.missing)}]
    raise_if(errors)
    assert result is not None
    review = EligibilityReview.objects.create(
        period=period, episode=episode, person=target.person, rule=found.key,
        reasons=[check.stored() for check in result.checks], outcome=outcome, reason=reason,
        defer_until=defer_until if outcome == EligibilityOutcome.DEFER else None, decided_on=on, decided_by=actor,
    )
    level_decision = None
    if outcome == EligibilityOutcome.ACT and found.action == "lower_level" and period is not None:
        from reintegra.supervision.services.levels import level_set

        # The level the band calls for (``level=None``); refusals inside roll the review back too.
        level_decision = level_set(actor=actor, period=period, effective_on=on)
    audit_change(actor=actor, action=AuditAction.CREATE, object_type=OBJECT_TYPE, record=review,
                 operation="review", fields=["outcome", "reason", "defer_until"], rule=found.key, outcome=outcome,
                 period_id=getattr(period, "pk", None), episode_id=getattr(episode, "pk", None),
                 level_decision_id=getattr(level_decision, "pk", None))
    return review
