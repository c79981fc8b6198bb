"""Writes for the offence classification: national offence codes mapped to ICCS sections."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.justice.models import OffenceCategory
from reintegra.justice.rules import Errors, add
from reintegra.justice.services.events import raise_if


@transaction.atomic
def offence_category_create(*, actor: Any, code: str, name: str, iccs_section: OffenceCategory) -> OffenceCategory:
    """Add a national offence code. It must map to one of the ICCS level-1 sections, so every
    charge can be counted by ICCS section in statistics."""
    errors: Errors = {}
    code = (code or "").strip()
    name = (name or "").strip()
    if not code:
        add(errors, "code", _("This field is required."))
    elif OffenceCategory.objects.filter(code=code).exists():
        add(errors, "code", _("An offence category with this code already exists."))
    if not name:
        add(errors, "name", _("This field is required."))
    if iccs_section is None or iccs_section.is_national or iccs_section.level != 1:
        add(errors, "iccs_section", _("Choose an ICCS level-1 section."))
    raise_if(errors)
    # ``level`` of a national code is the ICCS level of the section it maps to.
    category = OffenceCategory(code=code, name=name, level=1, iccs_section=iccs_section, is_national=True)
    category.full_clean()
    category.save()
    return category
