"""The stored copy of each instrument version used, and the instrument an assessment was made with."""
from __future__ import annotations

import threading

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reintegra.assessments.instruments import Instrument, instrument_from_dict, instrument_get
from reintegra.assessments.models import InstrumentVersion

_lock = threading.Lock()
# (code, version, sha256) -> Instrument built from the stored definition (immutable, shared).
_stored: dict[tuple[str, str, str], Instrument] = {}


def _mismatch(instrument: Instrument) -> ValidationError:
    return ValidationError({"instrument": [_(
        "%(code)s version %(version)s was used before with different content. A changed definition "
        "needs a new version: change the version in the definition file."
    ) % {"code": instrument.code, "version": instrument.version}]})


def instrument_version_ensure(instrument: Instrument) -> InstrumentVersion:
    """The stored copy of ``instrument`` (created on first use). Refuses (ValidationError on
    ``instrument``) when the same code and version is stored with different content, because the
    assessments made with it would no longer be explained by their definition."""
    stored = InstrumentVersion.objects.filter(code=instrument.code, version=instrument.version).first()
    if stored is None:
        try:
            with transaction.atomic():
                stored = InstrumentVersion.objects.create(
                    code=instrument.code, version=instrument.version, kind=instrument.kind,
                    title=instrument.definition.get("title") or {}, sha256=instrument.sha256,
                    definition=instrument.definition,
                )
        except IntegrityError:  # stored by a concurrent first use
            stored = InstrumentVersion.objects.get(code=instrument.code, version=instrument.version)
    if stored.sha256 != instrument.sha256:
        raise _mismatch(instrument)
    return stored


def instrument_for(version: InstrumentVersion) -> Instrument:
    """The engine's instrument for a stored version: the definition file when it still holds the
    same content (cached by the registry), otherwise built once from the stored definition."""
    key = (version.code, version.version, version.sha256)
    found = _stored.get(key)
    if found is not None:
        return found
    try:
        instrument = instrument_get(version.code, version.version)
    except KeyError:
        instrument = None
    if instrument is None or instrument.sha256 != version.sha256:
        instrument = instrument_from_dict(version.definition, source=f"{version.code} {version.version}")
    with _lock:
        _stored[key] = instrument
    return instrument
