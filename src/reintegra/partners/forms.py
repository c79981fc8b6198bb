from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.selectors import partner_organisations

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=partner_organisations(), widget=_SELECT)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, widget=_SELECT)
    referred_on = forms.DateField(label=_("Referred on"), required=False, widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()


class ReferralStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices, widget=_SELECT)
    on = forms.DateField(label=_("Date"), required=False, widget=_DATE)
    outcome_note = forms.CharField(label=_("Outcome"), required=False, widget=_TEXT)


class ConsentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Shared with"), queryset=partner_organisations(), widget=_SELECT)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, widget=_SELECT)
    fields = forms.MultipleChoiceField(
        label=_("What may be shared"), choices=SharedField.choices, widget=forms.CheckboxSelectMultiple,
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=_DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=_DATE)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=_TEXT,
                               help_text=_("How consent was given, e.g. a signed form's reference."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Re-evaluate the choices per form so a new partner shows without a restart.
        self.fields["organisation"].queryset = partner_organisations()


class ConsentWithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), widget=_TEXT)
