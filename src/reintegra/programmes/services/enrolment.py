"""The waiting list, admission, attendance, completion and dropping out.

Priority on the waiting list follows the risk principle and resettlement timing: higher risk and
nearer release first. The weights are a setting (``REINTEGRA_WAITING_LIST_WEIGHTS``) so a service
can change the balance without code; ties go to the earlier request.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.people.models import Person
from reintegra.people.services import timeline_record
from reintegra.programmes import selectors, signals
from reintegra.programmes.choices import BAND_RANK, ENROLMENT_TRANSITIONS, Band, EnrolmentStatus
from reintegra.programmes.eligibility import eligibility
from reintegra.programmes.models import Attendance, Certificate, Cohort, Enrolment

SOURCE_APP = "programmes"

TIMELINE_KINDS = {
    "programme.requested": gettext_lazy("Put on the waiting list for %(programme)s"),
    "programme.enrolled": gettext_lazy("Enrolled on %(programme)s"),
    "programme.attended": gettext_lazy("Attended a session of %(programme)s"),
    "programme.missed": gettext_lazy("Missed a session of %(programme)s"),
    "programme.completed": gettext_lazy("Completed %(programme)s"),
    "programme.dropped": gettext_lazy("Dropped out of %(programme)s"),
    "programme.certificate": gettext_lazy("Certificate awarded: %(title)s"),
}

# By default one band step (80 / 3 = 26.7 points) outweighs the whole release part (20 points): higher
# risk first, and within a band nearer release first. Raise ``release`` to let release cut across bands.
DEFAULT_WEIGHTS: dict[str, float] = {"risk": 0.8, "release": 0.2, "release_horizon_days": 730}


def waiting_list_weights() -> dict[str, float]:
    """The configured weights over the defaults: ``risk`` and ``release`` (shares of the score)
    and ``release_horizon_days`` (release further away than this adds nothing)."""
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(getattr(settings, "REINTEGRA_WAITING_LIST_WEIGHTS", None) or {})
    return weights


def priority_score(*, band: str, release_on: dt.date | None, on: dt.date,
                   weights: dict[str, float] | None = None) -> Decimal:
    """0..100: ``risk`` x the band's place on the scale (low 0 .. very high 1) plus ``release`` x
    how close release is (1 on or after the day, 0 at the horizon or without a release date)."""
    weights = weights or waiting_list_weights()
    top = len(Band.values) - 1
    risk = BAND_RANK.get(band, 0) / top
    horizon = max(1.0, float(weights.get("release_horizon_days", 730)))
    release = 0.0
    if release_on is not None:
        release = max(0.0, 1.0 - max(0, (release_on - on).days) / horizon)
    score = 100 * (float(weights.get("risk", 0)) * risk + float(weights.get("release", 0)) * release)
    return Decimal(str(round(score, 3)))


def _timeline(enrolment: Enrolment, kind: str, on: dt.date, actor: Any, **params: Any) -> None:
    params.setdefault("programme", enrolment.cohort.programme.name)
    timeline_record(person=enrolment.person, kind=kind, occurred_on=on, source_app=SOURCE_APP, params=params,
                    obj=enrolment, actor=actor)


def _audit(enrolment: Enrolment, action: str, actor: Any, fields: list[str], **detail: Any) -> None:
    audit_record(actor=actor, action=action, object_type="programmes.enrolment", object_id=enrolment.pk,
                 person_id=enrolment.person_id, fields=fields, detail={"cohort_id": enrolment.cohort_id, **detail})


def _check_eligible(cohort: Cohort, person: Person, band: str, on: dt.date) -> None:
    reasons = eligibility(cohort.programme, selectors.person_facts(person=person, band=band, on=on))
    if reasons:
        raise ValidationError({"person": [_("Not eligible: %(reason)s") % {"reason": reason.message}
                                          for reason in reasons]})


def _check_transition(enrolment: Enrolment, status: str) -> None:
    if status not in ENROLMENT_TRANSITIONS.get(enrolment.status, frozenset()):
        raise ValidationError({"status": [_("An enrolment that is %(current)s cannot become %(new)s.") % {
            "current": EnrolmentStatus(enrolment.status).label.lower(), "new": EnrolmentStatus(status).label.lower()}]})


@transaction.atomic
def enrolment_request(
    *, person: Person, cohort: Cohort, actor: Any, band: str = "", release_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Enrolment:
    """Put ``person`` on ``cohort``'s waiting list with a priority score. ``band`` is the person's
    assessed risk band, given by the caller; ``release_on`` defaults to the conditional release
    date of their current sentence. Refused for a voided person, a cohort that has ended, someone
    already waiting or enrolled on it, or someone the programme's rules exclude."""
    on = on or timezone.localdate()
    if person.voided_at is not None:
        raise ValidationError({"person": [_("This record is voided and can no longer be changed.")]})
    if band and band not in Band.values:
        raise ValidationError({"band": [_("Choose a risk band from the list.")]})
    if cohort.voided_at is not None or cohort.ends_on < on:
        raise ValidationError({"cohort": [_("This cohort has ended or is no longer offered.")]})
    if selectors.has_open_enrolment(person=person, cohort=cohort):
        raise ValidationError({"person": [_("The person is already waiting for or enrolled on this cohort.")]})
    _check_eligible(cohort, person, band, on)
    if release_on is None:
        release_on = selectors.expected_release(person=person, on=on)
    enrolment = Enrolment(
        person=person, cohort=cohort, risk_band=band, release_on=release_on, requested_on=on,
        priority=priority_score(band=band, release_on=release_on, on=on),
    )
    enrolment.full_clean()
    enrolment.save()
    versioned_create(enrolment, actor=actor)
    _timeline(enrolment, "programme.requested", on, actor)
    _audit(enrolment, AuditAction.CREATE, actor, ["status", "priority"], priority=str(enrolment.priority))
    return enrolment


@transaction.atomic
def enrolment_admit(
    *, enrolment: Enrolment, actor: Any, expected_version: int, band: str | None = None, on: dt.date | None = None,
) -> Enrolment:
    """Admit a waiting person to their cohort. Refused when they are not waiting (already enrolled,
    completed or dropped), when the cohort is full, or when they are not eligible (each reason
    names the rule: band, sex, age, language, literacy, offence). ``band`` replaces the one
    recorded at the request, for a newer assessment."""
    on = on or timezone.localdate()
    if enrolment.status == EnrolmentStatus.ENROLLED:
        raise ValidationError({"status": [_("The person is already enrolled on this cohort.")]})
    _check_transition(enrolment, EnrolmentStatus.ENROLLED)
    # Lock the cohort so two admissions cannot both take the last place.
    cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=enrolment.cohort_id)
    if on > cohort.ends_on:
        raise ValidationError({"on": [_("The cohort has ended.")]})
    if on < enrolment.requested_on:
        raise ValidationError({"on": [_("The date cannot be before the request.")]})
    if selectors.enrolled_count(cohort=cohort) >= cohort.capacity:
        raise ValidationError({"cohort": [_("The cohort is full (%(places)s places).") % {"places": cohort.capacity}]})
    band = enrolment.risk_band if band is None else band
    _check_eligible(cohort, enrolment.person, band, on)
    changes: dict[str, Any] = {"status": EnrolmentStatus.ENROLLED, "enrolled_on": on, "risk_band": band}
    enrolment = versioned_update(enrolment, actor=actor, expected_version=expected_version, changes=changes)
    _timeline(enrolment, "programme.enrolled", on, actor)
    _audit(enrolment, AuditAction.UPDATE, actor, sorted(changes), status=EnrolmentStatus.ENROLLED)
    return enrolment


@transaction.atomic
def attendance_record(
    *, enrolment: Enrolment, session_on: dt.date, attended: bool, actor: Any, note: str = "",
) -> Attendance:
    """Record whether an enrolled person attended the session of ``session_on`` (within the
    cohort's dates, from their enrolment, not in the future). A later record for the same session
    corrects the earlier one; both are kept."""
    errors: dict[str, list[str]] = {}
    if enrolment.status != EnrolmentStatus.ENROLLED:
        errors.setdefault("enrolment", []).append(_("Attendance is recorded only for people enrolled."))
    cohort = enrolment.cohort
    if session_on > timezone.localdate():
        errors.setdefault("session_on", []).append(_("The date cannot be in the future."))
    elif not cohort.starts_on <= session_on <= cohort.ends_on:
        errors.setdefault("session_on", []).append(_("The session must fall within the cohort's dates."))
    elif enrolment.enrolled_on and session_on < enrolment.enrolled_on:
        errors.setdefault("session_on", []).append(_("The session cannot be before the person was enrolled."))
    if errors:
        raise ValidationError(errors)
    attendance = Attendance.objects.create(
        enrolment=enrolment, session_on=session_on, attended=attended, note=(note or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _timeline(enrolment, "programme.attended" if attended else "programme.missed", session_on, actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="programmes.attendance",
                 object_id=attendance.pk, person_id=enrolment.person_id, fields=["attended"],
                 detail={"enrolment_id": enrolment.pk})
    return attendance


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, actor: Any, expected_version: int,
                       on: dt.date | None = None) -> Enrolment:
    """Record that the person completed the programme, and the certificate it awards if any.
    Refused for someone not enrolled (waiting: completion before enrolment) and for a date before
    the enrolment or in the future."""
    on = on or timezone.localdate()
    if enrolment.status == EnrolmentStatus.WAITING or enrolment.enrolled_on is None:
        raise ValidationError({"status": [_("The person cannot complete a programme they were never enrolled on.")]})
    _check_transition(enrolment, EnrolmentStatus.COMPLETED)
    if on < enrolment.enrolled_on:
        raise ValidationError({"on": [_("Completion cannot be before the enrolment (%(date)s).")
                                      % {"date": enrolment.enrolled_on.isoformat()}]})
    if on > timezone.localdate():
        raise ValidationError({"on": [_("The date cannot be in the future.")]})
    changes = {"status": EnrolmentStatus.COMPLETED, "completed_on": on}
    enrolment = versioned_update(enrolment, actor=actor, expected_version=expected_version, changes=changes)
    _timeline(enrolment, "programme.completed", on, actor)
    programme = enrolment.cohort.programme
    if programme.certificate_title.strip():
        certificate = Certificate.objects.create(person=enrolment.person, programme=programme, enrolment=enrolment,
                                                 title=programme.certificate_title.strip(), awarded_on=on)
        _timeline(enrolment, "programme.certificate", on, actor, title=certificate.title)
    _audit(enrolment, AuditAction.UPDATE, actor, sorted(changes), status=EnrolmentStatus.COMPLETED)
    signals.enrolment_completed.send(sender=Enrolment, enrolment=enrolment, on=on, actor=actor)
    return enrolment


@transaction.atomic
def enrolment_drop(*, enrolment: Enrolment, actor: Any, expected_version: int, reason: str,
                   on: dt.date | None = None) -> Enrolment:
    """Record that a waiting or enrolled person dropped out (or was taken off the list), with the reason."""
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for dropping out.")]})
    _check_transition(enrolment, EnrolmentStatus.DROPPED)
    if on < enrolment.requested_on:
        raise ValidationError({"on": [_("The date cannot be before the request.")]})
    changes = {"status": EnrolmentStatus.DROPPED, "dropped_on": on, "dropout_reason": reason}
    enrolment = versioned_update(enrolment, actor=actor, expected_version=expected_version, changes=changes,
                                 reason=reason)
    _timeline(enrolment, "programme.dropped", on, actor)
    _audit(enrolment, AuditAction.UPDATE, actor, sorted(changes), status=EnrolmentStatus.DROPPED)
    return enrolment
