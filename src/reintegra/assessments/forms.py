"""Forms of the assessment pages. They parse input only: the services validate answers against the
instrument definition (``instruments.clean_answer``) and enforce the workflow."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.assessments.choices import Occasion
from reintegra.assessments.instruments import Instrument, tr

_SELECT = forms.Select(attrs={"class": "form-select"})
_TEXT = forms.Textarea(attrs={"rows": 3, "class": "form-control"})

KIND_LABELS = {
    "needs": _("Needs assessment"),
    "screener": _("Screener"),
    "responsivity": _("Responsivity"),
    "actuarial": _("Actuarial (statistical) risk"),
}
ITEM_FIELD_PREFIX = "item-"

# A correction is started from the assessment it corrects, never chosen here.
START_OCCASIONS = [(value, label) for value, label in Occasion.choices if value != Occasion.CORRECTION]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def item_field(code: str) -> str:
    """The name of an item's input on the form page."""
    return f"{ITEM_FIELD_PREFIX}{code}"


class StartForm(forms.Form):
    """Choose an instrument (the newest version of each) and the occasion."""

    instrument = forms.ChoiceField(
        label=_("Instrument"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose the instrument to use."),
                        "invalid_choice": _("Choose one of the instruments listed.")},
    )
    occasion = forms.ChoiceField(
        label=_("Occasion"), choices=START_OCCASIONS, widget=_SELECT,
        error_messages={"required": _("Say why the assessment is done now.")},
    )

    def __init__(self, *args: Any, instruments: Iterable[Instrument] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.code, tr(i.title)) for i in instruments]


class AutosaveForm(forms.Form):
    """One answer sent by the page's script as it is given."""

    item = forms.CharField(max_length=64)
    value = forms.CharField(required=False, strip=True, max_length=4000)
    version = forms.IntegerField(min_value=0)


class SaveForm(forms.Form):
    """The version the whole-page form started from (the answers are read by ``answers_from``)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def answers_from(instrument: Instrument, data: Mapping[str, Any]) -> dict[str, Any]:
    """The answers posted by the whole-page form, keyed by item code. An empty input clears its
    answer; a radio group with nothing chosen is not posted and leaves its answer as it was."""
    answers: dict[str, Any] = {}
    for item in instrument.items():
        name = item_field(item.code)
        if name in data:
            value = data.get(name)
            answers[item.code] = value.strip() if isinstance(value, str) and value.strip() else None
    return answers


class OverrideForm(forms.Form):
    """Propose a different final band, with the reason (a supervisor countersigns it)."""

    prefix = "override"  # the result page holds several forms: their fields' ids must differ

    version = forms.IntegerField(widget=forms.HiddenInput)
    band = forms.ChoiceField(label=_("Final band"), widget=_SELECT,
                             error_messages={"required": _("Choose the band you propose.")})
    reason = forms.CharField(
        label=_("Reason for the override"), widget=_TEXT, max_length=4000,
        help_text=_("What the score does not capture. A supervisor reads this before countersigning."),
        error_messages={"required": _("Give the reason for the override.")},
    )

    def __init__(self, *args: Any, bands: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "—"), *bands]


class CountersignForm(forms.Form):
    """The supervisor's decision on a proposed override."""

    APPROVE, REFUSE = "approve", "refuse"
    prefix = "countersign"

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[(APPROVE, _("Countersign")), (REFUSE, _("Refuse"))],
                                 widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), widget=_TEXT, required=False, max_length=4000,
                           help_text=_("Required when you refuse the override."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == self.REFUSE and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why you refuse the override."))
        return data

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == self.APPROVE


class CorrectionForm(forms.Form):
    """Start a correction: a new draft that will supersede this assessment when completed."""

    prefix = "correct"

    reason = forms.CharField(
        label=_("Reason for the correction"), widget=_TEXT, max_length=4000,
        help_text=_("What was wrong. The assessment stays on record, linked to its correction."),
        error_messages={"required": _("Give the reason for the correction.")},
    )


class DiscardForm(forms.Form):
    """Discard (void) a draft: it is kept with who, when and why, and no longer counts."""

    prefix = "discard"

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for discarding the draft"), widget=_TEXT, max_length=4000,
        help_text=_("For example: started for the wrong person, or a duplicate. The draft stays on record."),
        error_messages={"required": _("Give the reason for discarding this draft.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that the draft cannot be completed after it is discarded."),
        error_messages={"required": _("Tick the box to confirm that the draft should be discarded.")},
    )
