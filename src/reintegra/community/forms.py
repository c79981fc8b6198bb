"""Forms of the community-measure pages. They parse input only: the services check the rules and
the access policy and say what is wrong field by field. Irreversible steps (completion, breach,
an outcome, closing a case, withdrawing consent) ask for an explicit confirmation."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.community.choices import (
    DiversionStatus, InformedHow, ItemStatus, PartyRole, ProgrammeKind, RestorativeKind, RestorativeOutcome,
    SessionKind,
)
from reintegra.people.forms import ServiceErrorsMixin

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})
_NUMBER = forms.NumberInput(attrs={"class": "form-control"})


def _date(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=_DATE, help_text=help_text)


def _confirm(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=True, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                              error_messages={"required": _("Tick the box to confirm: this step cannot be undone.")})


class MeasureForm(ServiceErrorsMixin, forms.Form):
    """A form whose service's errors land next to its fields (the rest at the top)."""


class VersionForm(MeasureForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class OrderForm(MeasureForm):
    disposition = forms.ModelChoiceField(label=_("Sentence"), queryset=None, required=False, widget=_SELECT,
                                         help_text=_("The court's community service order; its hours are used."))
    hours_ordered = forms.IntegerField(label=_("Hours ordered"), min_value=1, max_value=10000, required=False,
                                       widget=_NUMBER, help_text=_("Only when no sentence with hours is chosen."))
    due_by = _date(_("To be completed by"))
    officer = forms.ModelChoiceField(label=_("Responsible officer"), queryset=None, required=False, widget=_SELECT,
                                     help_text=_("You, unless you choose someone else."))

    def __init__(self, *args: Any, dispositions: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition"].queryset = dispositions
        self.fields["officer"].queryset = officers


class PlacementForm(MeasureForm):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=None, widget=_SELECT)
    supervisor_name = forms.CharField(label=_("Supervisor at the placement"), max_length=200, widget=_INPUT)
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PlacementEndForm(VersionForm):
    ends_on = _date(_("Ends on"))


class HoursForm(MeasureForm):
    placement = forms.ModelChoiceField(label=_("Placement"), queryset=None, widget=_SELECT)
    worked_on = _date(_("Date worked"), help_text=_("Not in the future."))
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2, widget=_NUMBER)
    task = forms.CharField(label=_("Task"), max_length=300, widget=_INPUT)

    def __init__(self, *args: Any, placements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = lambda p: f"{p.organisation.name} · {p.supervisor_name}"


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("Why these hours are not accepted"), widget=_TEXT)


class CompleteForm(VersionForm):
    completed_on = _date(_("Completed on"))
    confirm = _confirm(_("I confirm the order is completed. This cannot be undone."))


class BreachForm(VersionForm):
    breached_on = _date(_("Breach recorded on"))
    reason = forms.CharField(label=_("Reason for the breach"), widget=_TEXT)
    confirm = _confirm(_("I confirm the breach. This cannot be undone."))


class DiversionForm(MeasureForm):
    case = forms.ModelChoiceField(label=_("Case"), queryset=None, widget=_SELECT)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None, widget=_SELECT)
    programme_kind = forms.ChoiceField(label=_("Kind of programme"), choices=ProgrammeKind.choices, widget=_SELECT)
    referred_on = _date(_("Referred on"))

    def __init__(self, *args: Any, cases: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["provider"].queryset = organisations


class ConditionForm(MeasureForm):
    text = forms.CharField(label=_("Condition"), max_length=300, widget=_INPUT)
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"), required=False)


class DiversionOutcomeForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=_SELECT, choices=[
        (value, label) for value, label in DiversionStatus.choices if value != DiversionStatus.ACTIVE])
    on = _date(_("Date"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=_TEXT,
                             help_text=_("Needed when not completed or withdrawn."))
    confirm = _confirm(_("I confirm the outcome. This cannot be undone."))


class RestorativeForm(MeasureForm):
    case = forms.ModelChoiceField(label=_("Case"), queryset=None, widget=_SELECT)
    kind = forms.ChoiceField(label=_("Kind"), choices=RestorativeKind.choices, widget=_SELECT)
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=None, required=False, widget=_SELECT)
    referred_on = _date(_("Referred on"))

    def __init__(self, *args: Any, cases: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["facilitator"].queryset = facilitators


class FacilitatorForm(VersionForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=None, widget=_SELECT)

    def __init__(self, *args: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators


class PartyForm(MeasureForm):
    role = forms.ChoiceField(label=_("Role"), widget=_SELECT, choices=[
        (value, label) for value, label in PartyRole.choices if value != PartyRole.RESPONSIBLE])
    label = forms.CharField(label=_("Label others see"), max_length=60, widget=_INPUT,
                            help_text=_("Nothing that identifies the party, e.g. “Victim 1”."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False, widget=_INPUT)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, widget=_INPUT)
    email = forms.EmailField(label=_("Email"), required=False, widget=_INPUT)
    address = forms.CharField(label=_("Address"), required=False, widget=_TEXT)


class ConsentForm(MeasureForm):
    informed_how = forms.ChoiceField(label=_("How the party was informed"), choices=InformedHow.choices,
                                     widget=_SELECT)
    on = _date(_("Consent given on"))
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)
    told = forms.BooleanField(
        label=_("The party was told what the process involves, that taking part is voluntary and that they may "
                "withdraw at any time."), required=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Consent is informed only once the party has been told this.")})


class WithdrawForm(MeasureForm):
    on = _date(_("Withdrawn on"))
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT, help_text=_("No reason is needed."))
    confirm = _confirm(_("I confirm the party withdraws their consent."))


class SessionForm(MeasureForm):
    held_on = _date(_("Held on"))
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices, widget=_SELECT)
    attendees = forms.ModelMultipleChoiceField(label=_("Who attended"), queryset=None,
                                               widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = parties
        self.fields["attendees"].label_from_instance = lambda p: f"{p.label} ({p.get_role_display()})"


class AgreementForm(VersionForm):
    terms = forms.CharField(label=_("Terms of the agreement"), widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
                            help_text=_("One term per line, as the parties agreed them."))
    agreed_on = _date(_("Agreed on"))


class ItemForm(MeasureForm):
    status = forms.ChoiceField(label=_("Term"), widget=_SELECT, choices=[
        (ItemStatus.FULFILLED, ItemStatus.FULFILLED.label), (ItemStatus.NOT_FULFILLED, ItemStatus.NOT_FULFILLED.label)])
    on = _date(_("Date"))


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RestorativeOutcome.choices, widget=_SELECT,
                                help_text=_("Not reaching an agreement is a neutral outcome: it is never a breach "
                                            "and is not held against anyone."))
    closed_on = _date(_("Closed on"))
    confirm = _confirm(_("I confirm the case is closed. This cannot be undone."))
