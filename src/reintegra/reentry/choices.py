"""Release preparation: statuses, resettlement pathways, checklist items and notification outcomes
(reference data, not case data)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reintegra.justice.choices import ReleaseType, SupervisionKind


class PreparationStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing for release")
    RELEASED = "released", _("Released")
    CLOSED = "closed", pgettext_lazy("release preparation status", "Closed")


class Pathway(models.TextChoices):
    """The resettlement pathways, in the order the pages show them."""

    ACCOMMODATION = "accommodation", _("Accommodation")
    EDUCATION = "education", _("Education, training and employment")
    HEALTH = "health", _("Health")
    DRUGS_ALCOHOL = "drugs_alcohol", _("Drugs and alcohol")
    FINANCE = "finance", _("Finance, benefits and debt")
    FAMILY = "family", _("Children, families and relationships")
    ATTITUDES = "attitudes", _("Attitudes, thinking and behaviour")
    IDENTITY = "identity", _("Identity documents and bank account")


class PathwayStatus(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Not yet assessed")
    NO_NEED = "no_need", _("No need")
    NEED_IDENTIFIED = "need_identified", _("Need identified")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")


# A pathway in one of these statuses needs nothing more before release.
SETTLED_PATHWAY_STATUSES = (PathwayStatus.NO_NEED, PathwayStatus.RESOLVED)


class OwnerKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    PARTNER = "partner", _("Partner organisation")
    PERSON = "person", _("The person")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class EvidenceKind(models.TextChoices):
    ADDRESS_CONFIRMED = "address_confirmed", _("Address confirmed")
    ID_DOCUMENT_SEEN = "id_document_seen", _("ID document seen")
    BANK_ACCOUNT = "bank_account", _("Bank account opened")
    BENEFIT_CLAIM = "benefit_claim", _("Benefit claim made")
    JOB_OFFER = "job_offer", _("Job or training place confirmed")
    HEALTH_REGISTRATION = "health_registration", _("Registered with a doctor or service")
    OTHER = "other", _("Other evidence")


class ChecklistItemKind(models.TextChoices):
    """The pre-release checklist, in order."""

    PATHWAYS = "pathways", _("Each pathway resolved or no need")
    OFFICER_ASSIGNED = "officer_assigned", _("Community officer assigned")
    APPOINTMENT_BOOKED = "appointment_booked", _("First appointment booked")
    HANDOVER_PREPARED = "handover_prepared", _("Handover prepared")
    FAMILY_DECIDED = "family_decided", _("Family notification decided")


class ChecklistState(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETE = "complete", _("Complete")
    WAIVED = "waived", _("Waived")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    BLOCKED = "blocked", _("Blocked")
    FAILED = "failed", _("Failed")


class NotificationReason(models.TextChoices):
    """Why a notification was not sent (shown on the page; never the contact's details)."""

    NONE = "", _("—")
    NO_CONSENT = "no_consent", _("The person has not agreed that this contact is told.")
    SAFETY_RESTRICTION = "safety_restriction", _("A safety restriction applies to this contact: no notification.")
    NO_ADDRESS = "no_address", _("The contact has no email address or phone number for this channel.")
    SEND_FAILED = "send_failed", _("The message could not be sent; try again later.")


# Releases into the community that need the pre-release checklist and a first appointment.
COMMUNITY_RELEASE_TYPES = (ReleaseType.END_OF_SENTENCE, ReleaseType.CONDITIONAL, ReleaseType.PAROLE)
# Releases followed by supervision in the community, and the kind of supervision period each starts.
SUPERVISED_RELEASE_KINDS = {
    ReleaseType.PAROLE: SupervisionKind.PAROLE, ReleaseType.CONDITIONAL: SupervisionKind.LICENCE,
}
