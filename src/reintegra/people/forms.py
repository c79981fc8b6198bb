"""Forms for person records. They parse input only; the services validate and report field errors,
which ``ServiceErrorsMixin.add_service_errors`` places next to the matching fields."""
from __future__ import annotations

from typing import Any

from collections.abc import Callable

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reintegra.people.choices import AliasKind, FlagCategory, IdentifierKind, LiteracyLevel, Relationship, Sex


class ServiceErrorsMixin:
    """Turn a service's ``ValidationError`` into form errors: on the named field when the form has
    it (``field_aliases`` maps service names to form fields), otherwise at the top of the form."""

    field_aliases: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        form: Any = self
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                form.add_error(None, message)
            return
        for name, messages in exc.message_dict.items():
            target = self.field_aliases.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)


def service_form_posted(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], *, done: str) -> bool:
    """For a page whose form calls one service: on a POST with a valid form, call the service with
    the cleaned data. True when it succeeded (``done`` is shown as a message; redirect then); False
    on a GET, an invalid form, or a refusal, whose errors are placed on the form (nothing changed)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return False
    flash.success(request, done)
    return True


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or identifier"), max_length=200, required=False,
        help_text=_("Type a name (any order; accents and capitals do not matter) or an identifier such as a "
                    "national ID or prison number."),
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True, "autocomplete": "off"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonFieldsForm(ServiceErrorsMixin, forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=120)
    family_name = forms.CharField(label=_("Family name"), max_length=120)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    gender_identity = forms.CharField(label=_("Gender identity"), max_length=60, required=False)
    # The browser limits typing to two letters; the service checks the code and names the field.
    nationality = forms.CharField(
        label=_("Nationality"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"maxlength": 2, "autocapitalize": "characters"}),
        help_text=_("Two-letter ISO 3166 country code, e.g. MX."),
    )
    languages = forms.CharField(
        label=_("Languages"), max_length=100, required=False,
        help_text=_("Two-letter ISO 639-1 codes separated by commas, main language first, e.g. es, en."),
    )
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    literacy_level = forms.ChoiceField(
        label=_("Literacy level"), choices=LiteracyLevel.choices, initial=LiteracyLevel.UNKNOWN
    )
    dependent_children = forms.IntegerField(label=_("Dependent children"), min_value=0, max_value=40, initial=0)

    PERSON_FIELDS = (
        "given_name", "family_name", "date_of_birth", "sex", "gender_identity", "nationality", "languages",
        "needs_interpreter", "literacy_level", "dependent_children",
    )

    def person_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.PERSON_FIELDS}
        values["languages"] = [code for code in values["languages"].replace(";", ",").replace(" ", ",").split(",") if code]
        values["dependent_children"] = values["dependent_children"] or 0
        return values


class PersonCreateForm(PersonFieldsForm):
    identifier_kind = forms.ChoiceField(
        label=_("Identifier kind"), choices=[("", "---------"), *IdentifierKind.choices], required=False
    )
    identifier_value = forms.CharField(label=_("Identifier"), max_length=64, required=False)
    # Set once the user has seen the likely duplicates and chosen to create a new record anyway.
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)
    field_aliases = {"identifiers": "identifier_value"}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, value = data.get("identifier_kind"), (data.get("identifier_value") or "").strip()
        if value and not kind:
            self.add_error("identifier_kind", _("Choose the kind of identifier."))
        if kind and not value:
            self.add_error("identifier_value", _("Enter the identifier, or leave the kind empty."))
        return data

    def identifiers(self) -> list[tuple[str, str]]:
        kind, value = self.cleaned_data.get("identifier_kind"), self.cleaned_data.get("identifier_value")
        return [(kind, value)] if kind and value else []


class PersonEditForm(PersonFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)


class IdentifierForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IdentifierKind.choices)
    value = forms.CharField(label=_("Identifier"), max_length=64)
    issued_by = forms.CharField(label=_("Issued by"), max_length=120, required=False)


class AliasForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AliasKind.choices, initial=AliasKind.ALIAS)
    given_name = forms.CharField(label=_("Given name"), max_length=120, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)


class ContactForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    may_be_notified = forms.BooleanField(
        label=_("May be notified"), required=False,
        help_text=_("The person consents to this contact being told of key events such as release."),
    )
    safety_restriction = forms.BooleanField(
        label=_("Safety restriction"), required=False,
        help_text=_("For example a domestic-violence order: no contact and no notification."),
    )
    restriction_details = forms.CharField(
        label=_("Restriction details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90,
        help_text=_("Where the contact lives (decimal degrees), used to keep people near their family."),
    )
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)


class FlagForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=FlagCategory.choices)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VoidForm(ServiceErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(ServiceErrorsMixin, forms.Form):
    target = forms.IntegerField(
        label=_("Record to keep (record number)"), min_value=1,
        help_text=_("This record's links move to the record you keep; this record is then closed."),
    )
    reason = forms.CharField(label=_("Reason for merging"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
