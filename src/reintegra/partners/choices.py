"""Partner kinds, referral statuses and their allowed transitions, purposes and shareable field keys."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import OrganisationKind

# The organisations a person can be referred to (and that can hold consent or a sharing agreement).
PARTNER_KINDS = (
    OrganisationKind.NGO, OrganisationKind.EMPLOYER, OrganisationKind.HOUSING, OrganisationKind.HEALTH,
    OrganisationKind.EDUCATION,
)


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


# Where a referral may go from each status. Declined and closed are final: a new need is a new referral.
REFERRAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.OPEN: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.CLOSED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.CLOSED: frozenset(),
}

# A referral that still gives the partner a reason to see the person.
LIVE_REFERRAL_STATUSES = (ReferralStatus.OPEN, ReferralStatus.ACCEPTED)


class Purpose(models.TextChoices):
    """Why a person is referred, or data shared: the resettlement pathways."""

    ACCOMMODATION = "accommodation", _("Accommodation")
    EMPLOYMENT = "employment", _("Education, training and employment")
    HEALTH = "health", _("Health")
    SUBSTANCE = "substance", _("Drugs and alcohol")
    FINANCE = "finance", _("Finance, benefits and debt")
    FAMILY = "family", _("Children, families and relationships")
    IDENTITY = "identity", _("Identity documents and bank account")
    OTHER = "other", _("Other support")


class SharedField(models.TextChoices):
    """The parts of a person's record that consent and data-sharing agreements speak of.

    A partner sees a part only if a live agreement between the provider and the partner lists it
    and the person's live consent to that partner covers it (see docs/data-protection.md).
    """

    NAME = "identity.name", _("Name")
    DATE_OF_BIRTH = "identity.date_of_birth", _("Date of birth")
    IDENTIFIERS = "identity.identifiers", _("Official identifiers")
    LANGUAGES = "identity.languages", _("Languages, interpreter and literacy")
    CONTACTS = "contact.contacts", _("Family and other contacts")
    STATUS = "status", _("Current status (custody, supervision)")
    KEY_DATES = "key_dates", _("Key dates (release, end of sentence)")
    OFFENCE_SUMMARY = "offence_summary", _("Offence summary (ICCS sections only)")
    HEALTH = "health", _("Health and disability flags")
