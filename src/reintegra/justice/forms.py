"""Forms of the justice pages: they parse input; the services validate and write."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from reintegra.justice import selectors
from reintegra.justice.choices import (
    ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.models import Case, Disposition, OffenceCategory
from reintegra.people.models import Person


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(format="%Y-%m-%d"))


class _StyledForm(forms.Form):
    """Bootstrap classes on every widget (no inline styles)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        """Errors (from the form or the service) also mark the input invalid for Bootstrap and
        assistive technology."""
        super().add_error(field, error)
        for name in ([field] if field else []) if not isinstance(error, dict) else list(error):
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class _VersionedForm(_StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OffenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OffenceCategory) -> str:
        prefix = "" if obj.is_national else "ICCS "
        return f"{prefix}{obj.code} — {obj.display_name}"


class CaseOpenForm(_StyledForm):
    reference = forms.CharField(label=_("Case reference"), max_length=64)
    opened_on = _date(_("Opened on"))
    court = forms.ModelChoiceField(label=_("Court"), queryset=selectors.court_choices(), required=False)


class ChargeAddForm(_StyledForm):
    offence = OffenceChoiceField(
        label=_("Offence"), queryset=selectors.offence_list(),
        help_text=_("An ICCS section or a national offence code."),
    )
    offence_date = _date(_("Offence date"))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ChargeOutcomeForm(_VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ChargeOutcome.choices)
    outcome_date = _date(_("Outcome date"), required=False)


class DispositionForm(_StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DispositionKind.choices)
    decided_on = _date(_("Decided on"))
    starts_on = _date(_("Starts on"), required=False)
    term_days = forms.IntegerField(label=_("Term (days)"), required=False, min_value=1,
                                   help_text=_("Required for custodial and suspended sentences."))
    fine_amount = forms.DecimalField(label=_("Fine amount"), required=False, max_digits=12, decimal_places=2,
                                     min_value=0, help_text=_("Required for a fine."))
    hours = forms.IntegerField(label=_("Hours"), required=False, min_value=1,
                               help_text=_("Required for a community service order."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CustodyAdmitForm(_StyledForm):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=selectors.facility_choices())
    kind = forms.ChoiceField(label=_("Kind"), choices=CustodyKind.choices)
    admitted_on = _date(_("Admitted on"))
    disposition = forms.ModelChoiceField(
        label=_("Sentence"), queryset=Disposition.objects.none(), required=False,
        help_text=_("For sentenced custody: the custodial sentence being served."),
    )
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False,
        help_text=_("For pretrial detention: the case the person is held for (its time counts towards a sentence)."),
    )

    def __init__(self, *args: Any, person: Person, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition"].queryset = selectors.disposition_list(user=user, person=person).filter(
            kind=DispositionKind.CUSTODIAL,
        )
        self.fields["disposition"].label_from_instance = lambda d: _(
            "%(reference)s, decided %(date)s, %(days)s days"
        ) % {"reference": d.case.reference, "date": date_format(d.decided_on), "days": d.term_days}
        self.fields["case"].queryset = selectors.case_list(user=user, person=person)
        self.fields["case"].label_from_instance = lambda c: c.reference


class CustodyReleaseForm(_VersionedForm):
    released_on = _date(_("Released on"))
    release_type = forms.ChoiceField(
        label=_("Release type"),
        choices=[("", "---------")] + [c for c in ReleaseType.choices if c[0] != ReleaseType.TRANSFER],
    )


class CustodyTransferForm(_VersionedForm):
    to_facility = forms.ModelChoiceField(label=_("New facility"), queryset=selectors.facility_choices())
    transferred_on = _date(_("Transferred on"))


class SupervisionStartForm(_StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionKind.choices)
    office = forms.ModelChoiceField(label=_("Probation office"), queryset=selectors.supervision_office_choices())
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=selectors.officer_choices(), required=False)
    starts_on = _date(_("Starts on"))
    expected_end_on = _date(_("Expected end"), required=False)
    disposition = forms.ModelChoiceField(label=_("Order or sentence"), queryset=Disposition.objects.none(), required=False)

    def __init__(self, *args: Any, person: Person, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disposition"].queryset = selectors.disposition_list(user=user, person=person)
        self.fields["disposition"].label_from_instance = lambda d: f"{d.case.reference} · {d.get_kind_display()}"
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username


class SupervisionEndForm(_VersionedForm):
    ended_on = _date(_("Ended on"))
    end_reason = forms.ChoiceField(label=_("How it ended"), choices=[("", "---------"), *SupervisionEnd.choices])


class NationalOffenceForm(_StyledForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=250)
    iccs_section = OffenceChoiceField(label=_("ICCS section"), queryset=selectors.iccs_section_list())
