"""Forms of the compliance pages. They parse input only: the services check dates, severities,
reasons, the events weighed and the access policy, and say what is wrong field by field."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.supervision.choices import EventKind, RecallOutcome, ResponseKind, Severity
from reintegra.supervision.services.recall import JUSTIFICATION_MIN
from reintegra.supervision.views.period_forms import _DATE, _SELECT, _TEXT, PeriodForm


class EventForm(PeriodForm):
    kind = forms.ChoiceField(label=_("What happened"), choices=EventKind.choices, widget=_SELECT)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, widget=_SELECT, choices=[("", _("None (a positive event)")),
                                                                       *Severity.choices],
        help_text=_("How serious the non-compliance was. Leave empty for a positive event."))
    occurred_on = forms.DateField(label=_("Date"), widget=_DATE, help_text=_("Today or earlier."))
    condition = forms.ModelChoiceField(label=_("Condition concerned"), queryset=None, required=False, widget=_SELECT,
                                       help_text=_("For a breach: the condition that was not kept."))
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)

    def __init__(self, *args: Any, conditions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["condition"]
        field.queryset = conditions
        field.label_from_instance = lambda row: row.text[:80]


class ResponseForm(PeriodForm):
    chosen = forms.ChoiceField(label=_("Response"), choices=ResponseKind.choices, widget=_SELECT,
                               help_text=_("The proposal is chosen already; choose another if you have a reason."))
    reason = forms.CharField(label=_("Reason"), widget=_TEXT,
                             help_text=_("Why this response. When it differs from the proposal, explain why in a "
                                         "sentence or two."))
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=_DATE,
                                 help_text=_("Today when left empty."))


class RecallForm(PeriodForm):
    """The decision, asked twice for a recall: the form, then its confirmation (``confirm``)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Decision"), choices=RecallOutcome.choices,
                                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    events = forms.ModelMultipleChoiceField(
        label=_("Events weighed"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("The events of this period the decision rests on."))
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text=_("What was weighed and why: at least %(count)s characters.") % {"count": JUSTIFICATION_MIN})

    def __init__(self, *args: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["events"]
        field.queryset = events
        field.label_from_instance = lambda row: " · ".join(
            str(part) for part in (row.occurred_on, row.get_kind_display(), row.get_severity_display()) if part)
