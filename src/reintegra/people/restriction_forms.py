"""Forms of the restriction page: each parses one action."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RestrictForm(forms.Form):
    reason = forms.CharField(label=_("Reason for restricting"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class UnrestrictForm(forms.Form):
    reason = forms.CharField(label=_("Reason for lifting the restriction"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)


class AccessGrantForm(forms.Form):
    username = forms.CharField(label=_("Username to add to the access list"), max_length=150)


class AccessRevokeForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
