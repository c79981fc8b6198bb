"""Supervision contacts (what happened) and appointments (what is booked, such as the first
appointment set before release)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel, VoidableModel
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import AppointmentStatus, Attendance, ContactType


class SupervisionContact(TimeStampedModel, VoidableModel):
    """A contact with the person during a period: its type, whether they attended, and the case
    note. Never in the future. An attended contact counts towards the contact standard."""

    period = models.ForeignKey(SupervisionPeriod, on_delete=models.PROTECT, related_name="contacts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_contacts")
    contact_type = models.CharField(_("type"), max_length=20, choices=ContactType.choices)
    occurred_on = models.DateField(_("date"))
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices)
    note = models.TextField(_("case note"), blank=True)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("held by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("supervision contact")
        indexes = [
            models.Index(fields=["period", "occurred_on"], name="supervision_contact_period"),
            models.Index(fields=["person", "occurred_on"], name="supervision_contact_person"),
        ]


class Appointment(TimeStampedModel):
    """A booked contact. The first appointment after release is booked before release, so the
    period may not exist yet; the appointment is linked to the contact that records it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_appointments")
    period = models.ForeignKey(SupervisionPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="appointments")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments",
                                verbose_name=_("officer"))
    office = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("office"))
    scheduled_for = models.DateTimeField(_("date and time"))
    contact_type = models.CharField(_("type"), max_length=20, choices=ContactType.choices, default=ContactType.OFFICE)
    status = models.CharField(_("status"), max_length=12, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.SCHEDULED)
    contact = models.OneToOneField(SupervisionContact, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appointment")
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scheduled_for", "id"]
        verbose_name = _("appointment")
        indexes = [models.Index(fields=["officer", "status", "scheduled_for"], name="supervision_appt_officer")]
