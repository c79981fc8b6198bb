from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OnDateForm(forms.Form):
    """The date the dashboard counts on (default today)."""

    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
