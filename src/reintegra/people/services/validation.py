"""Checks shared by the person services. Each returns field errors instead of raising, so a
service can report every problem with the input at once."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.people.choices import IdentifierKind
from reintegra.people.models import Identifier

MAX_AGE_YEARS = 120
MAX_DEPENDENT_CHILDREN = 40
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")

Errors = dict[str, list[str]]


def add_error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def normalise_identifier(value: str) -> str:
    """Identifiers are compared without spaces and in upper case ("ab 123" is "AB123")."""
    return "".join((value or "").split()).upper()


def check_person_fields(values: dict[str, Any], errors: Errors) -> None:
    """Validate (and tidy in place) the person fields present in ``values``."""
    for name in ("given_name", "family_name"):
        if name in values:
            values[name] = " ".join(str(values[name] or "").split())
            if not values[name]:
                label = _("given name") if name == "given_name" else _("family name")
                add_error(errors, name, _("Enter the %(field)s.") % {"field": label})
    if values.get("date_of_birth") is not None:
        born = values["date_of_birth"]
        today = timezone.localdate()
        if not isinstance(born, dt.date):
            add_error(errors, "date_of_birth", _("Enter a valid date."))
        elif born > today:
            add_error(errors, "date_of_birth", _("The date of birth cannot be in the future."))
        elif born < today.replace(year=today.year - MAX_AGE_YEARS, day=min(today.day, 28)):
            add_error(
                errors, "date_of_birth",
                _("The date of birth makes the person older than %(years)s years; check it.") % {"years": MAX_AGE_YEARS},
            )
    if values.get("nationality"):
        values["nationality"] = str(values["nationality"]).strip().upper()
        if not _COUNTRY.match(values["nationality"]):
            add_error(errors, "nationality", _("Use the two-letter ISO 3166 country code, e.g. MX."))
    elif "nationality" in values:
        values["nationality"] = ""
    if "languages" in values:
        languages = values["languages"]
        if isinstance(languages, str):
            languages = [part for part in re.split(r"[\s,;]+", languages) if part]
        languages = [str(code).strip().lower() for code in (languages or ())]
        values["languages"] = list(dict.fromkeys(languages))
        if any(not _LANGUAGE.match(code) for code in languages):
            add_error(errors, "languages", _("Use two-letter ISO 639-1 language codes, e.g. es, en."))
    if "dependent_children" in values:
        children = values["dependent_children"]
        if not isinstance(children, int) or children < 0 or children > MAX_DEPENDENT_CHILDREN:
            add_error(
                errors, "dependent_children",
                _("Enter a number of children between 0 and %(max)s.") % {"max": MAX_DEPENDENT_CHILDREN},
            )


def check_identifiers(
    pairs: Iterable[tuple[str, str]], errors: Errors, *, field: str = "identifiers",
    taken: set[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """Normalise (kind, value) pairs and report unknown kinds, empty values and duplicates, within
    the input, within ``taken`` (earlier rows of a batch) and against stored identifiers."""
    cleaned: list[tuple[str, str]] = []
    for kind, value in pairs:
        value = normalise_identifier(value)
        if kind not in IdentifierKind.values:
            add_error(errors, field, _("Unknown identifier kind: %(kind)s.") % {"kind": kind})
            continue
        if not value:
            add_error(errors, field, _("Enter the identifier's value."))
            continue
        if len(value) > 64:
            add_error(errors, field, _("An identifier has at most 64 characters."))
            continue
        label = IdentifierKind(kind).label
        if (kind, value) in cleaned or (taken is not None and (kind, value) in taken):
            add_error(errors, field, _("The %(kind)s %(value)s is given twice.") % {"kind": label, "value": value})
            continue
        cleaned.append((kind, value))
    if cleaned:
        existing = identifiers_in_use(cleaned)
        for kind, value in sorted(existing):
            add_error(
                errors, field,
                _("The %(kind)s %(value)s already belongs to another person's record.")
                % {"kind": IdentifierKind(kind).label, "value": value},
            )
    return cleaned


def identifiers_in_use(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (kind, value) pairs among ``pairs`` held by an active identifier."""
    pairs = list(pairs)
    if not pairs:
        return set()
    found: set[tuple[str, str]] = set()
    values = {value for _kind, value in pairs}
    wanted = set(pairs)
    ordered = sorted(values)
    for chunk_start in range(0, len(ordered), 500):
        chunk = ordered[chunk_start:chunk_start + 500]
        for kind, value in Identifier.objects.filter(value__in=chunk, voided_at__isnull=True).values_list(
            "kind", "value"
        ):
            if (kind, value) in wanted:
                found.add((kind, value))
    return found
