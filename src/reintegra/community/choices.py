"""Statuses, kinds and allowed transitions of community measures (reference data, not case data).

Wording matters here: a restorative process that ends without an agreement is a neutral outcome
(ECOSOC 2002/12, principle 16: failure to agree must not be used against the offender), so no
status or label of a restorative case speaks of a breach."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


# --- community service orders ------------------------------------------------------------------

class OrderStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("community service order", "Active")
    COMPLETED = "completed", pgettext_lazy("community service order", "Completed")
    BREACHED = "breached", _("Breach recorded")


ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.ACTIVE: frozenset({OrderStatus.COMPLETED, OrderStatus.BREACHED}),
    OrderStatus.COMPLETED: frozenset(),
    OrderStatus.BREACHED: frozenset(),
}


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


HOURS_TRANSITIONS: dict[str, frozenset[str]] = {
    HoursStatus.PENDING: frozenset({HoursStatus.VERIFIED, HoursStatus.REJECTED}),
    HoursStatus.VERIFIED: frozenset(),
    HoursStatus.REJECTED: frozenset(),
}


# --- diversion and treatment -------------------------------------------------------------------

class ProgrammeKind(models.TextChoices):
    DRUG_TREATMENT = "drug_treatment", _("Treatment for drug use disorders")
    ALCOHOL_TREATMENT = "alcohol_treatment", _("Treatment for alcohol use disorders")
    MENTAL_HEALTH = "mental_health", _("Mental health treatment")
    EDUCATION = "education", _("Education or awareness course")
    COMMUNITY_WORK = "community_work", _("Unpaid community work")
    RESTITUTION = "restitution", _("Restitution or compensation")
    OTHER = "other", _("Other programme")


class DiversionStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DIVERSION_TRANSITIONS: dict[str, frozenset[str]] = {
    DiversionStatus.ACTIVE: frozenset({DiversionStatus.COMPLETED, DiversionStatus.NOT_COMPLETED,
                                       DiversionStatus.WITHDRAWN}),
    DiversionStatus.COMPLETED: frozenset(),
    DiversionStatus.NOT_COMPLETED: frozenset(),
    DiversionStatus.WITHDRAWN: frozenset(),
}
# Outcomes that need a reason.
DIVERSION_REASON_NEEDED = frozenset({DiversionStatus.NOT_COMPLETED, DiversionStatus.WITHDRAWN})


# --- restorative justice -----------------------------------------------------------------------

class RestorativeKind(models.TextChoices):
    MEDIATION = "mediation", _("Victim-offender mediation")
    CONFERENCING = "conferencing", _("Restorative conferencing")
    CIRCLE = "circle", _("Restorative circle")


class RestorativeStatus(models.TextChoices):
    OPEN = "open", _("Preparing and meeting")
    AGREED = "agreed", _("Agreement being fulfilled")
    CLOSED = "closed", pgettext_lazy("restorative case", "Closed")


RESTORATIVE_TRANSITIONS: dict[str, frozenset[str]] = {
    RestorativeStatus.OPEN: frozenset({RestorativeStatus.AGREED, RestorativeStatus.CLOSED}),
    RestorativeStatus.AGREED: frozenset({RestorativeStatus.CLOSED}),
    RestorativeStatus.CLOSED: frozenset(),
}


class RestorativeOutcome(models.TextChoices):
    """How a restorative case ended. None of these is a breach: not reaching an agreement, or a
    party stepping back, is a neutral outcome that must not be used against the person."""

    FULFILLED = "fulfilled", _("Agreement fulfilled")
    PARTLY_FULFILLED = "partly_fulfilled", _("Agreement partly fulfilled")
    NO_AGREEMENT = "no_agreement", _("No agreement reached (neutral outcome)")
    NOT_PROCEEDING = "not_proceeding", _("Did not go ahead (consent withdrawn or not suitable)")


# Outcomes only possible once an agreement exists, and those only possible without one.
OUTCOMES_WITH_AGREEMENT = frozenset({RestorativeOutcome.FULFILLED, RestorativeOutcome.PARTLY_FULFILLED})


class PartyRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Person responsible")
    VICTIM = "victim", _("Victim")
    SUPPORTER = "supporter", _("Supporter")
    COMMUNITY = "community", _("Community member")


# Parties whose consent must be on record before they attend a session (everyone who attends
# takes part voluntarily; the person and the victims are named by the basic principles).
CONSENT_REQUIRED_ROLES = frozenset(PartyRole.values)


class ConsentState(models.TextChoices):
    NONE = "none", _("Not yet asked")
    GIVEN = "given", _("Consent given")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class InformedHow(models.TextChoices):
    IN_PERSON = "in_person", _("Explained in person")
    PHONE = "phone", _("Explained by phone")
    VIDEO = "video", _("Explained by video call")
    WRITTEN = "written", _("Written information, with a chance to ask questions")
    INTERPRETER = "interpreter", _("Explained through an interpreter")


class SessionKind(models.TextChoices):
    PREPARATION = "preparation", _("Preparation meeting")
    INDIRECT = "indirect", _("Indirect (shuttle) mediation")
    MEETING = "meeting", _("Face-to-face meeting")
    CONFERENCE = "conference", _("Conference")
    CIRCLE = "circle", _("Circle")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Not yet due or under way")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
