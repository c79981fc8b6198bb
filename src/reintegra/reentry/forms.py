"""Forms of the release-preparation pages. They parse input only: the services check the workflow,
the owners and the access policy, and say what is wrong field by field."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.justice.choices import ReleaseType
from reintegra.people.forms import ServiceErrorsMixin
from reintegra.reentry.choices import (
    COMMUNITY_RELEASE_TYPES, ActionStatus, Channel, EvidenceKind, OwnerKind, PathwayStatus,
)
from reintegra.supervision.choices import ContactType

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})
_RADIO = forms.RadioSelect(attrs={"class": "form-check-input"})


def _person_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class ReleaseForm(ServiceErrorsMixin, forms.Form):
    """A form whose service's errors land next to its fields (the rest at the top)."""


class VersionForm(ReleaseForm):
    """The version the page was drawn from, so a stale edit is caught."""

    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class AssignForm(VersionForm):
    officer = forms.ModelChoiceField(label=_("Responsible prison staff"), queryset=None, widget=_SELECT)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = staff
        self.fields["officer"].label_from_instance = _person_name


class PathwayForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=PathwayStatus.choices, widget=_SELECT)
    needs = forms.CharField(label=_("Needs"), required=False, widget=_TEXT,
                            help_text=_("What the person needs on this pathway before and after release, "
                                        "in plain words."))


class ActionForm(VersionForm):
    description = forms.CharField(label=_("Action"), max_length=300, widget=_INPUT)
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=OwnerKind.choices, widget=_RADIO)
    owner_user = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False, widget=_SELECT,
                                        help_text=_("When a staff member owns the action."))
    owner_organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=None, required=False,
                                                widget=_SELECT, help_text=_("When a partner organisation owns it."))
    due_on = forms.DateField(label=_("Due on"), widget=_DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED,
                               widget=_SELECT)

    def __init__(self, *args: Any, staff: Any, organisations: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = staff
        self.fields["owner_user"].label_from_instance = _person_name
        self.fields["owner_organisation"].queryset = organisations
        if new:
            del self.fields["status"]


class EvidenceForm(ReleaseForm):
    kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices, widget=_SELECT)
    description = forms.CharField(label=_("Description"), max_length=300, required=False, widget=_INPUT,
                                  help_text=_("For example which document was seen; no numbers needed."))
    seen_on = forms.DateField(label=_("Date"), widget=_DATE)


class VoidForm(VersionForm):
    reason = forms.CharField(label=_("Why it is removed"), widget=_TEXT,
                             help_text=_("It stays on record, marked as removed, with your reason."))


class ChecklistForm(VersionForm):
    COMPLETE, WAIVE = "complete", "waive"

    decision = forms.ChoiceField(label=_("Decision"), widget=_RADIO, choices=[
        (COMPLETE, _("Complete: this is done")), (WAIVE, _("Waive: not needed for this release")),
    ])
    reason = forms.CharField(label=_("Reason for the waiver"), required=False, widget=_TEXT,
                             help_text=_("Required when you waive the item: say why it is not needed."))


class HandoverForm(VersionForm):
    office = forms.ModelChoiceField(label=_("Probation office"), queryset=None, widget=_SELECT)
    officer = forms.ModelChoiceField(label=_("Community officer"), queryset=None, widget=_SELECT,
                                     help_text=_("The probation officer who supervises the person after release."))
    scheduled_for = forms.DateTimeField(label=_("First appointment"), widget=_DATETIME,
                                        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                        help_text=_("Date and time of the first meeting with the officer "
                                                    "after release."))
    contact_type = forms.ChoiceField(label=_("Type of appointment"), choices=ContactType.choices[:4],
                                     initial=ContactType.OFFICE, widget=_SELECT)

    def __init__(self, *args: Any, officers: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = _person_name
        self.fields["office"].queryset = offices


class FamilyForm(ReleaseForm):
    contact = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=_SELECT)
    release_on = forms.DateField(label=_("Release date to tell"), widget=_DATE)


class ReleaseRecordForm(VersionForm):
    released_on = forms.DateField(label=_("Released on"), widget=_DATE)
    release_type = forms.ChoiceField(label=_("Type of release"), widget=_RADIO, choices=[
        (t.value, t.label) for t in ReleaseType if t in COMMUNITY_RELEASE_TYPES])
