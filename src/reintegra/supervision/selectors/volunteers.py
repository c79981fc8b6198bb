"""Reads of volunteer probation officers, scoped by the access policy: assignments, profiles of the
user's offices with their caseload and training, the volunteer's own people (summary only),
meeting notes (their author, and staff who see the person in full) and matching suggestions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import Action, Level, allowed, require, role_organisations, scope_persons
from reintegra.justice.choices import PersonStatus
from reintegra.justice.models import SupervisionPeriod
from reintegra.justice.selectors import person_statuses, supervision_office_choices
from reintegra.people.models import Person
from reintegra.supervision import matching
from reintegra.supervision.choices import AppointmentStatus
from reintegra.supervision.models import (
    Appointment, VolunteerAssignment, VolunteerGender, VolunteerMeeting, VolunteerProfile, VolunteerTraining,
)

# Roles whose organisations are "my offices" for managing volunteers (a volunteer's own membership is not).
_NOT_MANAGING = (Role.VOLUNTEER, Role.PERSON)


def open_on(on: Any = None) -> Q:
    on = on or timezone.localdate()
    return Q(starts_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def manager_offices(user: Any) -> frozenset[int]:
    """The organisations (with their children) where ``user`` works as staff: the volunteers they
    manage are those whose profile names one of them as the overseeing office."""
    found: set[int] = set()
    for role, ids in role_organisations(user).items():
        if role not in _NOT_MANAGING:
            found |= ids
    return frozenset(found)


def volunteer_assignment_list(*, user: Any, person: Person | None = None, open_only: bool = True) -> QuerySet[VolunteerAssignment]:
    """Assignments of people the user sees in full, and the user's own (a volunteer sees only
    theirs, not who else supports the person), newest first."""
    require(user, Action.PERSON_VIEW)
    rows = VolunteerAssignment.objects.filter(
        Q(volunteer=user, person__in=scope_persons(user, Person.objects.all()))
        | Q(person__in=scope_persons(user, Person.objects.all(), level=Level.FULL))
    ).select_related("volunteer", "person", "assigned_by")
    if open_only:
        rows = rows.filter(open_on())
    return rows.filter(person=person) if person is not None else rows


def volunteer_assignment_get(*, user: Any, pk: int) -> VolunteerAssignment:
    return volunteer_assignment_list(user=user, open_only=False).get(pk=pk)


# --- profiles and training ---------------------------------------------------------------------

def _current_training(on: dt.date) -> Q:
    return Q(voided_at__isnull=True, completed_on__lte=on) & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))


def volunteer_profile_list(*, user: Any, active_only: bool = False, on: dt.date | None = None) -> QuerySet[VolunteerProfile]:
    """Profiles overseen by the user's offices, each with ``open_count`` (people supported now),
    ``trained`` / ``current_training`` / ``permanent_training``, ``training_until`` (latest end of
    a current training), ``last_training_ended`` and ``last_met_on``: one query however many."""
    require(user, Action.VOLUNTEER_MANAGE)
    on = on or timezone.localdate()
    trainings = VolunteerTraining.objects.filter(volunteer_id=OuterRef("user_id"), voided_at__isnull=True)
    current = trainings.filter(_current_training(on))
    rows = VolunteerProfile.objects.filter(office_id__in=manager_offices(user)).select_related("user", "office")
    open_rows = VolunteerAssignment.objects.filter(volunteer_id=OuterRef("user_id"), ended_on__isnull=True)
    meetings = VolunteerMeeting.objects.filter(assignment__volunteer_id=OuterRef("user_id"), voided_at__isnull=True)
    rows = rows.annotate(  # correlated subqueries: no join multiplies another
        open_count=Coalesce(Subquery(open_rows.values("volunteer_id").annotate(n=Count("id")).values("n")), 0),
        trained=Exists(trainings),
        current_training=Exists(current),
        permanent_training=Exists(current.filter(expires_on__isnull=True)),
        training_until=Subquery(current.filter(expires_on__isnull=False).order_by("-expires_on")
                                .values("expires_on")[:1]),
        last_training_ended=Subquery(trainings.filter(expires_on__lt=on).order_by("-expires_on")
                                     .values("expires_on")[:1]),
        last_met_on=Subquery(meetings.order_by("-met_on").values("met_on")[:1]),
    )
    return rows.filter(active=True) if active_only else rows


def volunteer_profile_get(*, user: Any, pk: int) -> VolunteerProfile:
    """A profile overseen by one of the user's offices (``DoesNotExist`` otherwise: a 404)."""
    return volunteer_profile_list(user=user).get(pk=pk)


def volunteer_training_list(*, profile: VolunteerProfile, include_voided: bool = False) -> QuerySet[VolunteerTraining]:
    """The volunteer's training records, newest first (load the profile with ``volunteer_profile_get``)."""
    rows = VolunteerTraining.objects.filter(volunteer_id=profile.user_id).select_related("recorded_by")
    return rows if include_voided else rows.filter(voided_at__isnull=True)


def volunteer_user_choices(*, user: Any) -> QuerySet[Any]:
    """Users with an active volunteer membership at one of the user's offices and no profile yet."""
    require(user, Action.VOLUNTEER_MANAGE)
    return get_user_model().objects.filter(
        is_active=True, memberships__active=True, memberships__role=Role.VOLUNTEER,
        memberships__organisation_id__in=manager_offices(user), volunteer_profile__isnull=True,
    ).distinct().order_by("last_name", "first_name", "username")


def volunteer_office_choices(*, user: Any) -> QuerySet[Any]:
    """The probation offices (and services) among the user's offices: where a volunteer may be overseen."""
    return supervision_office_choices().filter(pk__in=manager_offices(user))


def training_status(profile: VolunteerProfile) -> str:
    """``current``, ``expired`` or ``none`` for a profile from ``volunteer_profile_list``."""
    if profile.current_training:
        return "current"
    return "expired" if profile.trained else "none"


# --- the volunteer's own view ------------------------------------------------------------------

@dataclass(frozen=True)
class SupportedPerson:
    """What a volunteer sees of one person they support: a summary, nothing of the case."""

    assignment: VolunteerAssignment
    person: Person
    status: PersonStatus
    next_appointment: Any  # datetime or None
    officer: Any  # the responsible officer (a user) or None
    office: Any  # the supervising office or None


def volunteer_people(*, user: Any, on: dt.date | None = None) -> list[SupportedPerson]:
    """The people the volunteer supports now (open assignments), each with their status, next
    appointment and the responsible officer's contact: five queries however many."""
    require(user, Action.VOLUNTEER_MEET)
    on = on or timezone.localdate()
    assignments = list(
        VolunteerAssignment.objects.filter(open_on(on), volunteer=user,
                                           person__in=scope_persons(user, Person.objects.all()))
        .select_related("person").order_by("person__sort_name", "id"))
    ids = [row.person_id for row in assignments]
    statuses = person_statuses(person_ids=ids, on=on)
    appointments: dict[int, Any] = {}
    for person_id, when in Appointment.objects.filter(
            person_id__in=ids, status=AppointmentStatus.SCHEDULED, scheduled_for__gte=timezone.now()
    ).order_by("scheduled_for").values_list("person_id", "scheduled_for"):
        appointments.setdefault(person_id, when)
    periods: dict[int, SupervisionPeriod] = {}
    for period in SupervisionPeriod.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on), person_id__in=ids, starts_on__lte=on,
            voided_at__isnull=True).select_related("officer", "office").order_by("-starts_on"):
        periods.setdefault(period.person_id, period)
    return [SupportedPerson(
        assignment=row, person=row.person, status=statuses.get(row.person_id, PersonStatus.NO_ACTIVE_EPISODE),
        next_appointment=appointments.get(row.person_id),
        officer=getattr(periods.get(row.person_id), "officer", None),
        office=getattr(periods.get(row.person_id), "office", None),
    ) for row in assignments]


def volunteer_own_assignment(*, user: Any, pk: int) -> VolunteerAssignment:
    """One of the volunteer's own open assignments (``DoesNotExist`` otherwise)."""
    require(user, Action.VOLUNTEER_MEET)
    return VolunteerAssignment.objects.filter(
        open_on(), volunteer=user, person__in=scope_persons(user, Person.objects.all()),
    ).select_related("person").get(pk=pk)


# --- meetings ----------------------------------------------------------------------------------

def volunteer_meeting_list(*, user: Any, person: Person | None = None) -> QuerySet[VolunteerMeeting]:
    """Meeting notes the user may read: their own (while they still support the person) and, for
    staff, those of people they see in full. Voided notes are left out. Newest first."""
    require(user, Action.PERSON_VIEW)
    visible = Q(recorded_by=user, person__in=scope_persons(user, Person.objects.all()))
    if allowed(user, Action.VOLUNTEER_MANAGE):
        visible |= Q(person__in=scope_persons(user, Person.objects.all(), level=Level.FULL))
    rows = VolunteerMeeting.objects.filter(visible, voided_at__isnull=True).select_related(
        "person", "recorded_by", "reviewed_by", "assignment")
    return rows.filter(person=person) if person is not None else rows


def volunteer_meeting_get(*, user: Any, pk: int) -> VolunteerMeeting:
    return volunteer_meeting_list(user=user).get(pk=pk)


def volunteer_review_queue(*, user: Any) -> QuerySet[VolunteerMeeting]:
    """Meeting notes waiting for the officer's review, of people the user sees in full and whose
    volunteer their offices oversee (or who are in their own caseload): concerns first, then oldest."""
    require(user, Action.VOLUNTEER_MANAGE)
    return VolunteerMeeting.objects.filter(
        voided_at__isnull=True, reviewed_at__isnull=True,
        person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    ).select_related("person", "recorded_by").order_by("-concern", "met_on", "id")


# --- the period page and matching -------------------------------------------------------------

def volunteer_period_list(*, user: Any, person: Person | None = None) -> QuerySet[SupervisionPeriod]:
    """Supervision periods of people the user sees in full, the newest first."""
    require(user, Action.VOLUNTEER_MANAGE)
    rows = SupervisionPeriod.objects.filter(
        voided_at__isnull=True, person__in=scope_persons(user, Person.objects.all(), level=Level.FULL),
    ).select_related("person", "office", "officer")
    return rows.filter(person=person) if person is not None else rows


def volunteer_period_get(*, user: Any, pk: int) -> SupervisionPeriod:
    """A supervision period of a person the user sees in full (``DoesNotExist`` otherwise)."""
    return volunteer_period_list(user=user).get(pk=pk)


def person_area(period: SupervisionPeriod) -> str:
    """Where the person lives or reports, as far as the record says: the supervising office's
    region (the person has no address field), else the office's name."""
    return period.office.region or period.office.name


def _candidate(profile: VolunteerProfile) -> matching.Candidate:
    return matching.Candidate(
        user_id=profile.user_id, profile_id=profile.pk,
        name=profile.user.get_full_name() or profile.user.get_username(), area=profile.area,
        languages=tuple(profile.languages or ()), gender=profile.gender, max_people=profile.max_people,
        open_assignments=profile.open_count, active=profile.active, trained=profile.trained,
        current_training=profile.current_training,
        training_until=None if profile.permanent_training else profile.training_until,
        last_training_ended=profile.last_training_ended,
    )


def volunteer_suggestions(*, user: Any, period: SupervisionPeriod, gender_preference: str = "", area: str = "",
                          include_excluded: bool = False, on: dt.date | None = None) -> list[matching.Match]:
    """The volunteers of the user's offices ranked for the period's person (``supervision.matching``):
    by area (``area``, default the person's), the languages the person speaks, the gender they
    asked for, places left and training. Volunteers already supporting the person are left out."""
    on = on or timezone.localdate()
    seeker = matching.Seeker(area=area or person_area(period), languages=tuple(period.person.languages or ()),
                             gender_preference=gender_preference)
    already = VolunteerAssignment.objects.filter(open_on(on), person_id=period.person_id).values("volunteer_id")
    profiles = volunteer_profile_list(user=user, on=on).exclude(user_id__in=already)
    return matching.rank(seeker, [_candidate(profile) for profile in profiles], on=on,
                         gender_labels={str(k): str(v) for k, v in VolunteerGender.choices},
                         include_excluded=include_excluded)
