from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.custody.choices import SecurityLevel


class OnDateForm(forms.Form):
    """The date the dashboard counts on (default today)."""

    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class RequiredSecurityForm(forms.Form):
    """The security level the person requires: the ranking never goes below it."""

    required_security = forms.ChoiceField(
        label=_("Required security level"), choices=[("", "—"), *SecurityLevel.choices],
        help_text=_("From the security classification. Facilities below it are never offered; each level above "
                    "it costs points (over-classification)."),
    )


class DecideForm(forms.Form):
    """The decision: a facility from the ranking and the reason, confirmed on a second step."""

    required_security = forms.ChoiceField(choices=SecurityLevel.choices, widget=forms.HiddenInput)
    facility = forms.IntegerField(label=_("Facility"), widget=forms.HiddenInput,
                                  error_messages={"required": _("Choose a facility from the ranking.")})
    reason = forms.CharField(
        label=_("Reason for the decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say why this facility. If it is not the first-ranked, explain why the higher-ranked ones "
                    "were passed over."),
    )
    expected_episode = forms.IntegerField(required=False, widget=forms.HiddenInput)
    expected_episode_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
