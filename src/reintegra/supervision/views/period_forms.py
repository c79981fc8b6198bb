"""Forms of the supervision period page. They parse input only: the services check dates,
reasons, the period's state and the access policy, and say what is wrong field by field."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.people.forms import ServiceErrorsMixin
from reintegra.supervision.choices import Attendance, ConditionKind, ContactType, SupervisionLevel

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})


class PeriodForm(ServiceErrorsMixin, forms.Form):
    """A form whose service's errors land next to its fields (the rest at the top)."""


class LevelForm(PeriodForm):
    level = forms.ChoiceField(
        label=_("Supervision level"), required=False, widget=_SELECT,
        choices=[("", _("As the latest assessment gives")), *SupervisionLevel.choices],
        help_text=_("Leave as the assessment gives unless there is a reason to supervise more or less closely."))
    override_reason = forms.CharField(
        label=_("Reason for a different level"), required=False, widget=_TEXT,
        help_text=_("Needed when the level differs from the one the assessment gives."))
    effective_on = forms.DateField(label=_("From"), required=False, widget=_DATE,
                                   help_text=_("Today when left empty."))


class ConditionForm(PeriodForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConditionKind.choices, widget=_SELECT,
                             help_text=_("Standard conditions come with every order; additional ones were set for this person."))
    text = forms.CharField(label=_("Condition"), widget=_TEXT, help_text=_("As the order words it."))
    starts_on = forms.DateField(label=_("From"), required=False, widget=_DATE, help_text=_("Today when left empty."))
    ends_on = forms.DateField(label=_("Until"), required=False, widget=_DATE,
                              help_text=_("The last day it applies; empty while it has no end date."))


class ConditionEndForm(PeriodForm):
    ends_on = forms.DateField(label=_("Last day it applies"), required=False, widget=_DATE,
                              help_text=_("Today when left empty."))


class ReasonForm(PeriodForm):
    reason = forms.CharField(label=_("Reason"), widget=_TEXT,
                             help_text=_("Say why. The record stays, marked with your reason."))


class ContactForm(PeriodForm):
    contact_type = forms.ChoiceField(label=_("Type"), choices=ContactType.choices, widget=_SELECT)
    occurred_on = forms.DateField(label=_("Date"), widget=_DATE, help_text=_("Today or earlier."))
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices, widget=_SELECT)
    note = forms.CharField(label=_("Case note"), required=False, widget=_TEXT)
    appointment = forms.ModelChoiceField(
        label=_("Booked appointment it records"), queryset=None, required=False, widget=_SELECT,
        help_text=_("Choose the appointment when this contact is what happened at it."))

    def __init__(self, *args: Any, appointments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["appointment"]
        field.queryset = appointments
        field.label_from_instance = lambda row: f"{row.scheduled_for:%Y-%m-%d %H:%M} · {row.get_contact_type_display()}"
        if not appointments:
            del self.fields["appointment"]


class AppointmentForm(PeriodForm):
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=_DATETIME,
                                        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    contact_type = forms.ChoiceField(label=_("Type"), choices=ContactType.choices, widget=_SELECT)
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT,
                           help_text=_("What the person should bring or know, for example."))
