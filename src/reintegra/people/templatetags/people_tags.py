"""Template helpers for person pages: event wording and accessible Bootstrap form fields."""
from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from reintegra.people import timeline

register = template.Library()


@register.filter
def describe_event(event: Any) -> str:
    """``{{ event|describe_event }}``: a timeline event in words, in the active language."""
    return timeline.describe(event)


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.simple_tag
def field_group(field: forms.BoundField) -> SafeString:
    """A labelled field with its help text and errors next to it, wired for screen readers."""
    widget = field.field.widget
    css = _widget_class(widget)
    if field.errors:
        css += " is-invalid"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return render_to_string("people/_field.html", {
        "field": field, "widget_html": field.as_widget(attrs=attrs),
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
    })
