"""Reads for data protection: what partners may see, agreements, retention candidates.

``consent_live`` is re-exported from ``partners`` (where consent lives so the access policy can
use it below this layer), so callers find every data-protection read here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, require
from reintegra.justice.choices import CaseStatus
from reintegra.justice.models import Case, CustodyEpisode, SupervisionPeriod
from reintegra.partners.choices import SharedField
from reintegra.partners.selectors import consent_live, partner_visible_fields
from reintegra.people.models import Person
from reintegra.privacy.models import DataSharingAgreement, RetentionRule

__all__ = [
    "agreement_get", "agreement_list", "consent_live", "partner_visible_fields", "retention_candidates",
    "retention_preview", "retention_rule_list", "sharing_fields", "subject_person_get",
]

_EPOCH = dt.date(1, 1, 1)


def _live(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def sharing_fields(*, organisation: Organisation, on: dt.date | None = None, purpose: str | None = None) -> set[str]:
    """The field keys ``organisation`` may see under its live data-sharing agreements (as partner),
    for ``purpose`` if given; an empty set when no agreement is live."""
    agreements = DataSharingAgreement.objects.filter(_live(on or timezone.localdate()), partner=organisation)
    if purpose:
        agreements = agreements.filter(purpose=purpose)
    return {key for fields in agreements.values_list("fields", flat=True) for key in fields} & set(SharedField.values)


def agreement_list(*, user: Any) -> QuerySet[DataSharingAgreement]:
    """Every agreement, newest first, for users who manage sharing."""
    require(user, Action.SHARING_EDIT)
    return DataSharingAgreement.objects.select_related("provider", "partner")


def agreement_get(*, user: Any, pk: int) -> DataSharingAgreement:
    return agreement_list(user=user).get(pk=pk)


def retention_rule_list(*, user: Any | None, active_only: bool = False) -> QuerySet[RetentionRule]:
    """The retention rules; ``user`` None is the command line (server operators), otherwise the
    user needs ``retention.run``."""
    if user is not None:
        require(user, Action.RETENTION_RUN)
    rules = RetentionRule.objects.all()
    return rules.filter(active=True) if active_only else rules


def _latest(model: Any, column: str) -> Subquery:
    rows = model.objects.filter(person_id=OuterRef("pk"), voided_at__isnull=True, **{f"{column}__isnull": False})
    return Subquery(rows.order_by(f"-{column}").values(column)[:1], output_field=DateField())


def retention_candidates(*, rule: RetentionRule, on: dt.date | None = None) -> QuerySet[Person]:
    """People the rule applies to on ``on`` (default today): not yet pseudonymised, no open case,
    custody stay or supervision period, and whose last episode (release, end of supervision or
    case closure) ended more than ``rule.years_after_last_episode`` years ago. People with no
    episode at all count from the day their record was created."""
    on = on or timezone.localdate()
    try:
        cutoff = on.replace(year=on.year - rule.years_after_last_episode)
    except ValueError:  # 29 February
        cutoff = on.replace(year=on.year - rule.years_after_last_episode, day=28)
    epoch = Value(_EPOCH, output_field=DateField())
    open_cases = Case.objects.filter(status=CaseStatus.OPEN, voided_at__isnull=True).values("person_id")
    open_custody = CustodyEpisode.objects.filter(released_on__isnull=True, voided_at__isnull=True).values("person_id")
    open_supervision = SupervisionPeriod.objects.filter(ended_on__isnull=True, voided_at__isnull=True).values("person_id")
    return (
        Person.objects.filter(pseudonymisation__isnull=True)
        .exclude(pk__in=open_cases).exclude(pk__in=open_custody).exclude(pk__in=open_supervision)
        .annotate(last_end=Greatest(
            Coalesce(_latest(CustodyEpisode, "released_on"), epoch),
            Coalesce(_latest(SupervisionPeriod, "ended_on"), epoch),
            Coalesce(_latest(Case, "closed_on"), epoch),
        ), created_on=Cast(F("created_at"), DateField()))
        .filter(Q(last_end__gt=_EPOCH, last_end__lt=cutoff) | Q(last_end=_EPOCH, created_on__lt=cutoff))
        .order_by("pk")
    )


@dataclass(frozen=True)
class RetentionPreview:
    rule: RetentionRule
    count: int
    person_ids: list[int]


def retention_preview(*, rules: Iterable[RetentionRule], on: dt.date | None = None,
                      limit: int = 200) -> list[RetentionPreview]:
    """What each rule would pseudonymise on ``on``: counts and (up to ``limit``) ids, never names."""
    previews = []
    for rule in rules:
        candidates = retention_candidates(rule=rule, on=on)
        previews.append(RetentionPreview(
            rule=rule, count=candidates.count(), person_ids=list(candidates.values_list("pk", flat=True)[:limit]),
        ))
    return previews


def subject_person_get(*, user: Any, pk: int) -> Person:
    """Any person record, voided or merged included, for a subject access report.

    Subject access is a legal duty towards the person, not casework, so it is not limited to the
    user's caseload: the ``subject_access.run`` right is the gate (and every report is audited).
    """
    require(user, Action.SUBJECT_ACCESS_RUN)
    return Person.objects.get(pk=pk)
