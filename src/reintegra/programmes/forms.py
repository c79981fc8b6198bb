from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.justice.iccs import ICCS_SECTIONS
from reintegra.programmes.choices import (
    Accreditation, Band, DeliverySetting, EducationLevel, Intensity, Literacy, Need, ProgrammeType, SexEligibility,
)
from reintegra.programmes.models import Cohort, Programme
from reintegra.programmes.services import PROGRAMME_FIELDS

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})
_NUMBER = forms.NumberInput(attrs={"class": "form-control"})
_CHECKS = forms.CheckboxSelectMultiple


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, widget=_INPUT)
    type = forms.ChoiceField(label=_("Type"), choices=ProgrammeType.choices, widget=_SELECT)
    education_level = forms.ChoiceField(label=_("Education level"), choices=_blank(EducationLevel.choices),
                                        required=False, widget=_SELECT)
    trade = forms.CharField(label=_("Trade"), required=False, max_length=100, widget=_INPUT,
                            help_text=_("For vocational training and work: the trade, as the labour-market table names it."))
    description = forms.CharField(label=_("Description"), required=False, widget=_TEXT)
    targeted_needs = forms.MultipleChoiceField(label=_("Criminogenic needs targeted"), choices=Need.choices,
                                               required=False, widget=_CHECKS)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, initial=0, widget=_NUMBER)
    sessions = forms.IntegerField(label=_("Sessions"), min_value=0, initial=0, widget=_NUMBER)
    weeks = forms.IntegerField(label=_("Weeks"), min_value=0, initial=0, widget=_NUMBER)
    intensity = forms.ChoiceField(label=_("Intensity"), choices=Intensity.choices, initial=Intensity.MODERATE,
                                  widget=_SELECT)
    risk_bands = forms.MultipleChoiceField(label=_("Risk bands"), choices=Band.choices, required=False,
                                           widget=_CHECKS, help_text=_("None ticked: every band."))
    sex_eligibility = forms.ChoiceField(label=_("Sex"), choices=SexEligibility.choices, widget=_SELECT)
    gender_responsive = forms.BooleanField(label=_("Gender-responsive"), required=False)
    trauma_informed = forms.BooleanField(
        label=_("Trauma-informed"), required=False,
        help_text=_("Delivered by staff trained to work with people who have experienced trauma."))
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, widget=_NUMBER)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, widget=_NUMBER)
    languages = forms.CharField(label=_("Languages"), required=False, widget=_INPUT,
                                help_text=_("ISO 639-1 codes separated by commas, e.g. en, es. Empty: any."))
    min_literacy = forms.ChoiceField(label=_("Minimum literacy"), choices=Literacy.choices, widget=_SELECT)
    excluded_sections = forms.MultipleChoiceField(
        label=_("Excluded offences (ICCS sections)"), required=False, widget=_CHECKS,
        choices=[(code, f"{code} {name}") for code, name in ICCS_SECTIONS.items()])
    delivery = forms.ChoiceField(label=_("Delivered in"), choices=DeliverySetting.choices, widget=_SELECT)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=None, widget=_SELECT)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None, widget=_SELECT)
    capacity = forms.IntegerField(label=_("Capacity per cohort"), min_value=1, widget=_NUMBER)
    accreditation = forms.ChoiceField(label=_("Accreditation"), choices=Accreditation.choices, widget=_SELECT)
    evidence = forms.CharField(label=_("Evidence behind it"), required=False, widget=_TEXT)
    evaluation_url = forms.URLField(label=_("Local evaluation (link)"), required=False, widget=_INPUT,
                                    assume_scheme="https")
    certificate_title = forms.CharField(label=_("Certificate awarded"), required=False, max_length=200,
                                        widget=_INPUT, help_text=_("Empty: completing it earns no certificate."))

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = organisations
        self.fields["provider"].queryset = organisations

    def clean_languages(self) -> list[str]:
        return [code.strip().lower() for code in self.cleaned_data["languages"].replace(";", ",").split(",")
                if code.strip()]


class ProgrammeEditForm(ProgrammeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_from(programme: Programme) -> dict[str, Any]:
        initial = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
        initial["languages"] = ", ".join(programme.languages or ())
        return {**initial, "venue": programme.venue_id, "provider": programme.provider_id,
                "version": programme.version}


class CohortForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=_DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=_DATE)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, widget=_NUMBER,
                                  help_text=_("Empty: the programme's capacity per cohort."))
    schedule = forms.CharField(label=_("Schedule"), required=False, widget=_TEXT)
    session_dates = forms.CharField(label=_("Session dates"), required=False, widget=_TEXT,
                                    help_text=_("Optional: the dates of the sessions as YYYY-MM-DD, separated by "
                                                "commas or new lines."))

    def clean_session_dates(self) -> list[dt.date]:
        days, bad = [], []
        for text in self.cleaned_data["session_dates"].replace(";", ",").replace("\n", ",").split(","):
            if text.strip():
                try:
                    days.append(dt.date.fromisoformat(text.strip()))
                except ValueError:
                    bad.append(text.strip())
        if bad:
            raise forms.ValidationError(_("Not a date (YYYY-MM-DD): %(values)s.") % {"values": ", ".join(bad)})
        return days


class CohortEditForm(CohortForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @staticmethod
    def initial_from(cohort: Cohort) -> dict[str, Any]:
        return {"starts_on": cohort.starts_on, "ends_on": cohort.ends_on, "capacity": cohort.capacity,
                "schedule": cohort.schedule, "session_dates": ", ".join(cohort.session_dates or ()),
                "version": cohort.version}


class VoidForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), widget=_TEXT)


class EnrolmentRequestForm(forms.Form):
    """The cohort only: the risk band is read from the person's latest assessment (shown on the page)."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none(), widget=_SELECT)
    band = forms.CharField(
        label=_("Risk band (from the latest assessment)"), required=False, disabled=True, widget=_INPUT,
        help_text=_("Read from the person's latest completed assessment: it sets the priority on the waiting list "
                    "and is checked against the programme's bands."))

    def __init__(self, *args: Any, cohorts: Any = None, band: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["band"].initial = Band(band).label if band in Band.values else _("Not assessed")
        self.fields["cohort"].label_from_instance = lambda cohort: f"{cohort.programme.name} · {cohort.starts_on:%Y-%m-%d}"


class AdmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Enrolled on"), required=False, widget=_DATE)


class AttendanceForm(forms.Form):
    session_on = forms.DateField(label=_("Session date"), widget=_DATE)
    attended = forms.BooleanField(label=_("Attended"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)


class CompleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Completed on"), required=False, widget=_DATE)


class DropForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Dropped out on"), required=False, widget=_DATE)
    reason = forms.CharField(label=_("Reason"), widget=_TEXT)


class LabourDemandImportForm(forms.Form):
    csv_file = forms.FileField(label=_("Labour-market table (CSV)"),
                               help_text=_("Columns: region, trade (or sector), vacancies, period."))
