from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import ApiToken


class LoginForm(AuthenticationForm):
    """The log-in form, with a clear message when the account is locked."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed attempts: this account is locked for a while. Try again later or ask an administrator."),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "reintegra_locked", False):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise


class TotpForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. 'monthly statistics script'."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=365, initial=30,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
