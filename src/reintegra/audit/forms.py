"""Forms of the audit app: the purpose of opening a record, and the auditor's search."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.audit.choices import AuditAction, ReadPurpose
from reintegra.audit.selectors import AuditFilters, person_ids_for
from reintegra.audit.web import PURPOSE_MAX_LENGTH, purpose_text


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Why are you opening this record?"), choices=ReadPurpose.choices,
                                widget=forms.RadioSelect)
    other = forms.CharField(label=_("If other, say what"), required=False, max_length=PURPOSE_MAX_LENGTH - 10)
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].widget.attrs["class"] = "form-check-input"
        self.fields["other"].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("purpose") == ReadPurpose.OTHER and not (data.get("other") or "").strip():
            self.add_error("other", _("Say why you are opening the record."))
        return data

    def stated(self) -> str:
        return purpose_text(self.cleaned_data["purpose"], self.cleaned_data.get("other", ""))


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("Person (record number or identifier)"), required=False, max_length=64)
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("Any action")), *AuditAction.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "action" else "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        person = (data.get("person") or "").strip()
        return AuditFilters(
            person_ids=frozenset(person_ids_for(person)) if person else None,
            username=data.get("user") or "", date_from=data.get("date_from"), date_to=data.get("date_to"),
            action=data.get("action") or "",
        )

    def export_description(self) -> dict[str, Any]:
        """The filters for the export's own audit entry: record numbers, dates and the action, never
        the identifier or user name typed (they may be personal data)."""
        filters = self.filters()
        return {
            "person_ids": sorted(filters.person_ids) if filters.person_ids is not None else None,
            "user_filtered": bool(filters.username),
            "date_from": filters.date_from.isoformat() if filters.date_from else None,
            "date_to": filters.date_to.isoformat() if filters.date_to else None,
            "action": filters.action or None,
        }
