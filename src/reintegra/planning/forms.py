"""Forms of the case-plan pages. They parse input only: the services (``planning.services``) check
the workflow, the owners and the access policy, and say what is wrong field by field."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.people.forms import ServiceErrorsMixin
from reintegra.planning.choices import ActionStatus, Agreement, GoalStatus, OwnerKind, ReviewReason

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})
_NUMBER = forms.NumberInput(attrs={"class": "form-control"})
_RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _person_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class PlanForm(ServiceErrorsMixin, forms.Form):
    """A form whose service's errors land next to its fields (the rest at the top)."""


class VersionForm(PlanForm):
    """The plan (or goal, action) version the page was drawn from, so a stale edit is caught."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class GoalForm(VersionForm):
    title = forms.CharField(label=_("Goal"), max_length=300, widget=_INPUT)
    own_words = forms.CharField(label=_("In the person's own words"), required=False, widget=_TEXT,
                                help_text=_("What the person wants to change, as they say it."))
    strengths = forms.CharField(label=_("Strengths to build on"), required=False, widget=_TEXT)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN, widget=_SELECT)


class GoalAddForm(GoalForm):
    """A new goal has no status to choose (it starts open) and no version of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["status"]


class ActionForm(VersionForm):
    """An action with its owner: a staff member, a partner organisation or the person."""

    description = forms.CharField(label=_("Action"), max_length=300, widget=_INPUT)
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=OwnerKind.choices, widget=_RADIO)
    owner_user = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False, widget=_SELECT,
                                        help_text=_("When a staff member owns the action."))
    owner_organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=None, required=False,
                                                widget=_SELECT,
                                                help_text=_("When a partner organisation owns the action."))
    due_on = forms.DateField(label=_("Due on"), widget=_DATE)
    planned_hours = forms.IntegerField(label=_("Planned hours"), min_value=0, required=False, widget=_NUMBER,
                                       help_text=_("Programme hours this action adds to the plan's dosage."))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED,
                               widget=_SELECT)

    def __init__(self, *args: Any, staff: Any, organisations: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = staff
        self.fields["owner_user"].label_from_instance = _person_name
        self.fields["owner_organisation"].queryset = organisations
        if new:
            del self.fields["status"]


class SuggestionForm(forms.Form):
    """"Add to plan (and enrol)" under a suggested programme: which goal, programme and cohort."""

    goal = forms.IntegerField(widget=forms.HiddenInput)
    programme = forms.IntegerField(widget=forms.HiddenInput)
    cohort = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AgreementForm(VersionForm):
    agreement = forms.ChoiceField(
        label=_("Does the person agree with the plan?"), widget=_RADIO,
        choices=[(value, label) for value, label in Agreement.choices if value != Agreement.PENDING],
    )
    words = forms.CharField(label=_("In the person's words"), required=False, widget=_TEXT,
                            help_text=_("What they said about the plan; needed when they disagree with any of it."))


class CountersignForm(VersionForm):
    """The supervisor's decision: countersign, or return the plan for changes with a note."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(label=_("Decision"), widget=_RADIO, choices=[
        (APPROVE, _("Countersign: the plan becomes active")), (RETURN, _("Return it for changes")),
    ])
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT,
                           help_text=_("Required when you return the plan: say what needs to change."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what needs to change before the plan can be countersigned."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == self.APPROVE


class ReviewForm(VersionForm):
    reason = forms.ChoiceField(label=_("Why the plan is reviewed"), choices=ReviewReason.choices, widget=_SELECT)
    event_note = forms.CharField(label=_("What happened"), required=False, widget=_TEXT,
                                 help_text=_("For a review after an event: the event, briefly."))
    summary = forms.CharField(label=_("Summary of the review"), widget=_TEXT)
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=_DATE,
                                     help_text=_("Leave empty to use the interval for the person's band."))


class HandoverForm(VersionForm):
    to_officer = forms.ModelChoiceField(label=_("Hand the plan to"), queryset=None, widget=_SELECT)
    to_organisation = forms.ModelChoiceField(label=_("Their organisation"), queryset=None, required=False,
                                             widget=_SELECT)
    reason = forms.CharField(label=_("Reason"), widget=_TEXT,
                             help_text=_("E.g. released on licence to the probation office."))

    def __init__(self, *args: Any, officers: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_officer"].queryset = officers
        self.fields["to_officer"].label_from_instance = _person_name
        self.fields["to_organisation"].queryset = organisations


class VoidForm(VersionForm):
    reason = forms.CharField(label=_("Why it is removed from the plan"), widget=_TEXT,
                             help_text=_("It stays on record, marked as removed, with your reason."))


class EnrolForm(PlanForm):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, widget=_RADIO, empty_label=None)

    def __init__(self, *args: Any, cohorts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class CloseForm(VersionForm):
    reason = forms.CharField(label=_("Reason for closing"), widget=_TEXT)


class CompareForm(forms.Form):
    """Two version numbers of the same plan (``?a=N&b=M``)."""

    a = forms.IntegerField(label=_("Version"), min_value=1, widget=_SELECT)
    b = forms.IntegerField(label=_("compared with version"), min_value=1, widget=_SELECT)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].widget = forms.Select(attrs={"class": "form-select"},
                                                    choices=[(n, str(n)) for n in numbers])
