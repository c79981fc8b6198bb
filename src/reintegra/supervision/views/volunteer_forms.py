"""Forms of the volunteer pages. They parse input only: the services check the rules, the offices
and the access policy, and say what is wrong field by field (``ServiceErrorsMixin``)."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.people.forms import ServiceErrorsMixin
from reintegra.supervision.models import AssignmentEnd, VolunteerGender

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 4, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})
_NUMBER = forms.NumberInput(attrs={"class": "form-control"})
_CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})
_GENDERS = [("", _("Not recorded"))] + list(VolunteerGender.choices)


def user_label(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class VolunteerForm(ServiceErrorsMixin, forms.Form):
    """A form whose service's errors land next to its fields (the rest at the top)."""


class ProfileForm(VolunteerForm):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=None, widget=_SELECT,
                                       help_text=_("People with a volunteer log-in at your office who have no profile yet."))
    office = forms.ModelChoiceField(label=_("Overseeing office"), queryset=None, widget=_SELECT)
    area = forms.CharField(label=_("Area"), max_length=120, widget=_INPUT,
                           help_text=_("The neighbourhood or town the volunteer lives in or covers."))
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200, widget=_INPUT,
                                help_text=_("Language codes separated by commas, for example es, en, ar."))
    gender = forms.ChoiceField(label=_("Gender"), choices=_GENDERS, required=False, widget=_SELECT,
                               help_text=_("Some people ask for a volunteer of a given gender."))
    max_people = forms.IntegerField(label=_("People at once"), min_value=1, initial=3, widget=_NUMBER,
                                    help_text=_("How many people the volunteer can support at the same time."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=_TEXT)
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why the change"), required=False, max_length=300, widget=_INPUT,
                             help_text=_("Kept in the profile's history."))

    def __init__(self, *args: Any, offices: Any, volunteers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        if volunteers is None:  # editing: the volunteer is fixed
            del self.fields["volunteer"]
        else:
            self.fields["volunteer"].queryset = volunteers
            self.fields["volunteer"].label_from_instance = user_label
            del self.fields["reason"]

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].replace(";", ",").split(",") if code.strip()]


class ReasonForm(VolunteerForm):
    """A reason (deactivating a volunteer, voiding a training record), with the version if any."""

    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=_INPUT)


class TrainingForm(VolunteerForm):
    course = forms.CharField(label=_("Course"), max_length=200, widget=_INPUT)
    completed_on = forms.DateField(label=_("Completed on"), widget=_DATE)
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=_DATE,
                                 help_text=_("When the training must be refreshed; empty if it does not expire."))


class MatchForm(forms.Form):
    """The matching page's question (GET): the person's area and the volunteer's gender they asked for."""

    area = forms.CharField(label=_("The person's area"), required=False, max_length=120, widget=_INPUT,
                           help_text=_("Where the person lives; the supervising office's area when empty."))
    gender = forms.ChoiceField(label=_("The person would prefer a volunteer who is"), required=False,
                               choices=[("", _("No preference"))] + list(VolunteerGender.choices), widget=_SELECT)
    all = forms.BooleanField(label=_("Show volunteers who cannot be assigned, and why"), required=False, widget=_CHECK)


class AssignForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)


class EndForm(VolunteerForm):
    ended_on = forms.DateField(label=_("Ends on"), widget=_DATE, initial=timezone.localdate,
                               help_text=_("From this day the volunteer no longer sees the person."))
    end_reason = forms.ChoiceField(label=_("Why it ends"), choices=AssignmentEnd.choices, widget=_SELECT)


class MeetingForm(VolunteerForm):
    met_on = forms.DateField(label=_("Date of the meeting"), widget=_DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("What happened"), widget=_TEXT, max_length=5000,
                           help_text=_("How the person is doing, what you talked about, anything they asked for."))
    concern = forms.BooleanField(label=_("Raise a concern"), required=False, widget=_CHECK,
                                 help_text=_("Tick when the officer should look at this soon."))


class ReviewForm(VolunteerForm):
    review_note = forms.CharField(label=_("Your note (optional)"), required=False, widget=_TEXT, max_length=5000,
                                  help_text=_("What you did about it, for example a call to the person."))
