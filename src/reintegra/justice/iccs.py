"""ICCS level-1 sections: the codes stored in the database and their translatable display names.

The database keeps the English names shipped by the data migration (for exports and the API); the
UI shows the name in the user's language through this table, keyed by code.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.functional import Promise

ICCS_SECTIONS: dict[str, Promise] = {
    "01": _("Acts leading to death or intending to cause death"),
    "02": _("Acts causing harm or intending to cause harm to the person"),
    "03": _("Injurious acts of a sexual nature"),
    "04": _("Acts against property involving violence or threat against a person"),
    "05": _("Acts against property only"),
    "06": _("Acts involving controlled drugs or other psychoactive substances"),
    "07": _("Acts involving fraud, deception or corruption"),
    "08": _("Acts against public order, authority and provisions of the State"),
    "09": _("Acts against public safety and state security"),
    "10": _("Acts against the natural environment"),
    "11": _("Other criminal acts not elsewhere classified"),
}


def section_display_name(code: str, fallback: str = "") -> str:
    """The ICCS section's name in the active language, or ``fallback`` for codes not in the table."""
    name = ICCS_SECTIONS.get(code)
    return str(name) if name is not None else fallback


def offence_display_name(code: str, name: str, is_national: bool) -> str:
    """How an offence category reads in the UI: national codes keep their own name."""
    if is_national:
        return name
    return section_display_name(code, name)
