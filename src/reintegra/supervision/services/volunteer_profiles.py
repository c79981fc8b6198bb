"""Volunteer profiles (create, change with the version the editor started from, deactivate with a
reason, reactivate) and training records (add, void with a reason). Staff allowed to manage
volunteers (``volunteer.manage``) do this for the offices they work in; nothing is deleted."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, require
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.supervision.models import VolunteerGender, VolunteerProfile, VolunteerTraining
from reintegra.supervision.selectors.volunteers import manager_offices
from reintegra.supervision.services.volunteers import is_volunteer, open_assignments, refusable

_PROFILE = "supervision.volunteerprofile"
_TRAINING = "supervision.volunteertraining"
EDITABLE = ("office", "area", "languages", "gender", "max_people", "notes")
MAX_PEOPLE_LIMIT = 10  # hogoshi support one to a few people: more is a data-entry slip
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}$")


def _check_office(actor: Any, office: Any, errors: dict[str, list[str]]) -> None:
    if office is None or office.pk not in manager_offices(actor):
        errors.setdefault("office", []).append(_("Choose one of your offices."))


def _profile_errors(actor: Any, values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "office" in values:
        _check_office(actor, values["office"], errors)
    if "area" in values and not str(values["area"] or "").strip():
        errors.setdefault("area", []).append(_("Say which area the volunteer covers."))
    if "languages" in values:
        codes = values["languages"]
        if not isinstance(codes, list) or not all(isinstance(code, str) and _LANGUAGE.match(code) for code in codes):
            errors.setdefault("languages", []).append(
                _("Give language codes of two or three letters, for example es, en, ar."))
    if "gender" in values and values["gender"] not in ("", *VolunteerGender.values):
        errors.setdefault("gender", []).append(_("Choose a gender from the list, or leave it empty."))
    if "max_people" in values:
        count = values["max_people"]
        if not isinstance(count, int) or not 1 <= count <= MAX_PEOPLE_LIMIT:
            errors.setdefault("max_people", []).append(
                _("A volunteer supports between 1 and %(limit)d people at once.") % {"limit": MAX_PEOPLE_LIMIT})
    return errors


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "area" in cleaned:
        cleaned["area"] = " ".join(str(cleaned["area"]).split())
    if "languages" in cleaned:
        cleaned["languages"] = list(dict.fromkeys(code.lower() for code in cleaned["languages"]))
    if "notes" in cleaned:
        cleaned["notes"] = str(cleaned["notes"] or "").strip()
    return cleaned


def _audit(actor: Any, action: str, profile: VolunteerProfile, fields: Any, event: str) -> None:
    audit_record(actor=actor, action=action, object_type=_PROFILE, object_id=profile.pk, fields=fields,
                 detail={"event": event, "volunteer_id": profile.user_id})


def _check_profile(actor: Any, profile: VolunteerProfile) -> None:
    require(actor, Action.VOLUNTEER_MANAGE)
    if profile.office_id not in manager_offices(actor):
        raise ValidationError({"office": [_("This volunteer is overseen by another office.")]})


@refusable("volunteer_profile_create")
def volunteer_profile_create(
    *, actor: Any, volunteer: Any, office: Any, area: str, languages: list[str] | None = None, gender: str = "",
    max_people: int = 3, notes: str = "",
) -> VolunteerProfile:
    """The profile of a user with an active volunteer membership: the office overseeing them, the
    area they cover, their languages and gender (for matching) and how many people they support
    at once. One profile per volunteer; version 1 goes into its history."""
    require(actor, Action.VOLUNTEER_MANAGE)
    values = {"office": office, "area": area, "languages": languages or [], "gender": gender,
              "max_people": max_people, "notes": notes}
    errors = _profile_errors(actor, values)
    if not is_volunteer(volunteer):
        errors.setdefault("volunteer", []).append(_("Choose a user with an active volunteer membership."))
    elif VolunteerProfile.objects.filter(user=volunteer).exists():
        errors.setdefault("volunteer", []).append(_("This volunteer already has a profile: change it instead."))
    if errors:
        raise ValidationError(errors)
    profile = VolunteerProfile.objects.create(user=volunteer, **_clean(values))
    versioned_create(profile, actor=actor)
    _audit(actor, AuditAction.CREATE, profile, EDITABLE, "profile.created")
    return profile


@refusable("volunteer_profile_update")
def volunteer_profile_update(
    *, actor: Any, profile: VolunteerProfile, expected_version: int, reason: str = "", **changes: Any
) -> VolunteerProfile:
    """Change the profile's ``EDITABLE`` fields if nobody saved it since ``expected_version``
    (``StaleEditError`` otherwise: nothing written). Old and new values go into its history."""
    _check_profile(actor, profile)
    unknown = sorted(set(changes) - set(EDITABLE))
    errors = {name: [_("This field cannot be changed here.")] for name in unknown}
    errors.update(_profile_errors(actor, changes))
    if "max_people" in changes and not errors.get("max_people"):
        supported = open_assignments(profile.user_id)
        if changes["max_people"] < supported:
            errors["max_people"] = [_("The volunteer supports %(count)d people now: end an assignment first.")
                                    % {"count": supported}]
    if errors:
        raise ValidationError(errors)
    profile = versioned_update(profile, actor=actor, expected_version=expected_version, changes=_clean(changes),
                               reason=reason.strip())
    _audit(actor, AuditAction.UPDATE, profile, sorted(changes), "profile.changed")
    return profile


@refusable("volunteer_profile_deactivate")
def volunteer_profile_deactivate(
    *, actor: Any, profile: VolunteerProfile, expected_version: int, reason: str
) -> VolunteerProfile:
    """Take a volunteer off matching (they left, are on a break, ...), with the reason in the
    profile's history. Refused while they still support someone: end those assignments first."""
    _check_profile(actor, profile)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("Say why the volunteer is no longer active.")]
    if not profile.active:
        errors.setdefault("active", []).append(_("This volunteer is already inactive."))
    supported = open_assignments(profile.user_id)
    if supported:
        errors.setdefault("active", []).append(
            _("The volunteer still supports %(count)d people: end or reassign those assignments first.")
            % {"count": supported})
    if errors:
        raise ValidationError(errors)
    profile = versioned_update(profile, actor=actor, expected_version=expected_version, changes={"active": False},
                               reason=reason.strip())
    _audit(actor, AuditAction.UPDATE, profile, ["active"], "profile.deactivated")
    return profile


@refusable("volunteer_profile_activate")
def volunteer_profile_activate(*, actor: Any, profile: VolunteerProfile, expected_version: int,
                               reason: str = "") -> VolunteerProfile:
    """Make an inactive volunteer available for matching again."""
    _check_profile(actor, profile)
    if profile.active:
        raise ValidationError({"active": [_("This volunteer is already active.")]})
    if not is_volunteer(profile.user):
        raise ValidationError({"volunteer": [_("This user no longer has an active volunteer membership.")]})
    profile = versioned_update(profile, actor=actor, expected_version=expected_version, changes={"active": True},
                               reason=reason.strip())
    _audit(actor, AuditAction.UPDATE, profile, ["active"], "profile.activated")
    return profile


@refusable("volunteer_training_add")
def volunteer_training_add(
    *, actor: Any, profile: VolunteerProfile, course: str, completed_on: dt.date, expires_on: dt.date | None = None
) -> VolunteerTraining:
    """Record a course the volunteer completed and, when it must be refreshed, until when it is valid."""
    _check_profile(actor, profile)
    errors: dict[str, list[str]] = {}
    course = " ".join((course or "").split())
    if not course:
        errors["course"] = [_("Name the course.")]
    if completed_on is None:
        errors["completed_on"] = [_("Give the date the course was completed.")]
    elif completed_on > timezone.localdate():
        errors["completed_on"] = [_("The date cannot be in the future.")]
    elif expires_on is not None and expires_on < completed_on:
        errors["expires_on"] = [_("The training cannot end before it was completed.")]
    if errors:
        raise ValidationError(errors)
    training = VolunteerTraining.objects.create(volunteer_id=profile.user_id, course=course[:200],
                                                completed_on=completed_on, expires_on=expires_on, recorded_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type=_TRAINING, object_id=training.pk,
                 fields=["course", "completed_on", "expires_on"], detail={"volunteer_id": profile.user_id})
    return training


@refusable("volunteer_training_void")
def volunteer_training_void(*, actor: Any, profile: VolunteerProfile, training: VolunteerTraining,
                            reason: str) -> VolunteerTraining:
    """Void a training record entered by mistake (kept, with who, when and why)."""
    _check_profile(actor, profile)
    errors: dict[str, list[str]] = {}
    if training.volunteer_id != profile.user_id:
        errors["training"] = [_("This training is not this volunteer's.")]
    if training.voided_at is not None:
        errors["training"] = [_("This training record is already voided.")]
    if not reason.strip():
        errors["reason"] = [_("Say why this training record is wrong.")]
    if errors:
        raise ValidationError(errors)
    training.voided_at, training.voided_by, training.void_reason = timezone.now(), actor, reason.strip()
    training.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(actor=actor, action=AuditAction.VOID, object_type=_TRAINING, object_id=training.pk,
                 fields=["voided_at"], detail={"volunteer_id": profile.user_id})
    return training
