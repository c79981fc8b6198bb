from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.analytics.choices import FairnessPriority


class ActivationForm(forms.Form):
    """Approving a model for use: which fairness property the agency prioritises, and why."""

    fairness_priority = forms.ChoiceField(
        label=_("Fairness priority"),
        choices=[(v, l) for v, l in FairnessPriority.choices if v],
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("When base rates differ between groups these properties cannot all hold; choose the one the agency puts first."),
    )
    note = forms.CharField(
        label=_("Reasons for approval"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=4000,
    )
