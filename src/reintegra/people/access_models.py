"""Who may find a person besides their case staff: the registering organisation (for a short
while) and, for restricted records, only a named access list.

Kept apart from ``people.models`` (which imports this module at its end) so the access records
read as one piece; see ``docs/access-control.md``.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel
from reintegra.people.models import Person


class PersonRegistration(models.Model):
    """The organisation (and user) that created a person's record. It lets the reception desk
    find the person it just registered until a custody or supervision relationship takes over,
    or for ``REINTEGRA_REGISTRATION_DAYS`` days at most (``people.scopes``)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("registered on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        indexes = [
            models.Index(fields=["organisation", "registered_on"], name="people_reg_org_day"),
            models.Index(fields=["registered_by", "registered_on"], name="people_reg_user_day"),
        ]


class PersonRestriction(TimeStampedModel):
    """A restricted record (a high-profile person, someone related to staff): hidden from everyone
    who is not on its access list, even from their own case staff. Never deleted: lifting it
    keeps who, when and why."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="restrictions")
    reason = models.TextField(_("reason"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        verbose_name = _("restriction")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(lifted_at__isnull=True),
                                    name="people_one_live_restriction")
        ]

    @property
    def live(self) -> bool:
        return self.lifted_at is None


class RestrictionAccess(TimeStampedModel):
    """A user on a restriction's access list; revoking keeps the row with who and when."""

    restriction = models.ForeignKey(PersonRestriction, on_delete=models.PROTECT, related_name="access_list")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("restricted-record access")
        constraints = [
            models.UniqueConstraint(fields=["restriction", "user"], condition=Q(revoked_at__isnull=True),
                                    name="people_restriction_access_once")
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="people_restr_access_user")]
