from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.partners.choices import PARTNER_KINDS, Purpose, SharedField

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
_SELECT = forms.Select(attrs={"class": "form-select"})
_INPUT = forms.TextInput(attrs={"class": "form-control"})


class AgreementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    provider = forms.ModelChoiceField(label=_("Provider organisation"), queryset=Organisation.objects.none(), widget=_SELECT)
    partner = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none(), widget=_SELECT)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices, widget=_SELECT)
    fields = forms.MultipleChoiceField(label=_("Fields the partner may see"), choices=SharedField.choices,
                                       widget=forms.CheckboxSelectMultiple)
    valid_from = forms.DateField(label=_("Valid from"), widget=_DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=_DATE)
    signed_by = forms.CharField(label=_("Signed by"), max_length=200, widget=_INPUT)
    document_reference = forms.CharField(label=_("Document reference"), max_length=100, widget=_INPUT)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(active=True).order_by("name")
        self.fields["partner"].queryset = Organisation.objects.filter(active=True, kind__in=PARTNER_KINDS).order_by("name")
        if editing:  # the parties of a signed agreement do not change; a new pair is a new agreement
            self.fields["provider"].disabled = True
            self.fields["partner"].disabled = True


class SubjectAccessForm(forms.Form):
    person = forms.IntegerField(label=_("Person id"), min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"}))
    output = forms.ChoiceField(
        label=_("Produce"), widget=_SELECT,
        choices=[("screen", _("Show on screen")), ("json", _("Download JSON")), ("html", _("Download printable HTML"))],
    )


class RetentionConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that pseudonymisation cannot be undone."), widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
