"""How staff reach a person through the justice record, registered with the access policy
(``accounts.policy.register_relationship``) when the app is ready:

- in custody at my organisation (a prison, or a prison service and its facilities): case managers
  and supervisors see the full record, programme staff a summary;
- my caseload (an open supervision period with me as the officer): the full record, own caseload;
- supervised at my office: probation officers see a summary of colleagues' cases, supervisors
  the full record of their office (their team's caseloads).

"Open" means on today's date: started, and not yet released or ended (a release or an end dated
today closes it). Voided spans give nothing. Any custody stay or supervision period takes over
from the registration link of ``people.scopes``.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Level, register_relationship
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people import scopes as people_scopes


def _open(start: str, end: str, on: dt.date) -> Q:
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))


# Each condition is a correlated EXISTS on the person's own rows (indexed by person), so checking
# one person (the person page) or a few candidates (search) reads only their rows instead of
# materialising every open stay or period of the organisation first.

def in_custody_at(user: Any, organisation_ids: frozenset[int]) -> Q:
    stays = CustodyEpisode.objects.filter(
        _open("admitted_on", "released_on", timezone.localdate()), person_id=OuterRef("pk"),
        facility_id__in=organisation_ids, voided_at__isnull=True,
    )
    return Q(Exists(stays))


def my_caseload(user: Any, organisation_ids: frozenset[int]) -> Q:
    periods = SupervisionPeriod.objects.filter(
        _open("starts_on", "ended_on", timezone.localdate()), person_id=OuterRef("pk"), officer=user,
        voided_at__isnull=True,
    )
    return Q(Exists(periods))


def supervised_at(user: Any, organisation_ids: frozenset[int]) -> Q:
    periods = SupervisionPeriod.objects.filter(
        _open("starts_on", "ended_on", timezone.localdate()), person_id=OuterRef("pk"),
        office_id__in=organisation_ids, voided_at__isnull=True,
    )
    return Q(Exists(periods))


def taken_over() -> Q:
    """People with any custody stay or supervision period: the registration link has done its job."""
    return Q(Exists(CustodyEpisode.objects.filter(person_id=OuterRef("pk"), voided_at__isnull=True))) | Q(
        Exists(SupervisionPeriod.objects.filter(person_id=OuterRef("pk"), voided_at__isnull=True))
    )


# Timeline entries that tell status and key dates only (no offence, case or sentence details).
SUMMARY_KINDS = (
    "custody.admitted", "custody.released", "custody.transferred", "supervision.started", "supervision.ended",
)


def register() -> None:
    register_relationship(
        key="justice.in_custody_at_my_organisation", label=_("In custody at my organisation"),
        persons=in_custody_at,
        levels={Role.PRISON_CASE_MANAGER: Level.FULL, Role.SUPERVISOR: Level.FULL, Role.PROGRAMME_STAFF: Level.SUMMARY},
    )
    register_relationship(
        key="justice.my_caseload", label=_("My caseload"), persons=my_caseload,
        levels={Role.PROBATION_OFFICER: Level.FULL, Role.SUPERVISOR: Level.FULL}, own_caseload=True,
    )
    register_relationship(
        key="justice.supervised_at_my_office", label=_("Supervised at my office"), persons=supervised_at,
        levels={Role.PROBATION_OFFICER: Level.SUMMARY, Role.SUPERVISOR: Level.FULL},
    )
    people_scopes.register_takeover(key="justice.custody_or_supervision", persons=taken_over)
    people_scopes.register_summary_kinds(SUMMARY_KINDS)
