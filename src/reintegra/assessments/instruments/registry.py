"""Where instruments and calculators are found.

Instruments are definition files in ``instrument_dirs()``: the shipped ``definitions/`` folder and
the folders named in ``settings.REINTEGRA_INSTRUMENT_DIRS``. A country adds an instrument by
dropping a file into one of those folders. Loaded files are cached by (path, mtime, size), so an
edited file is picked up on the next call and an unchanged one is never parsed twice.

Calculators are Python functions registered by name (``register_calculator``); a scale with
``calculator: <name>`` calls one. ``reintegra.assessments.calculators`` registers the shipped ones
when it is imported, which happens before the first calculator name is resolved.
"""
from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from .model import Calculator, DefinitionError, Instrument

SHIPPED_DIR = Path(__file__).resolve().parent / "definitions"
SUFFIXES = (".yaml", ".yml", ".json")
CALCULATORS_MODULE = "reintegra.assessments.calculators"

_lock = threading.Lock()
_calculators: dict[str, Calculator] = {}
_calculators_imported = False
_file_cache: dict[Path, tuple[tuple[int, int], Instrument]] = {}


# --- calculators ---------------------------------------------------------------------------------

def register_calculator(name: str, fn: Calculator) -> None:
    """Register ``fn`` as the calculator called by scales that say ``calculator: <name>``."""
    if not callable(fn):
        raise TypeError(f"calculator {name!r} is not callable")
    _calculators[name] = fn


def unregister_calculator(name: str) -> None:
    """Remove a calculator (tests)."""
    _calculators.pop(name, None)


def _import_calculators() -> None:
    """Import the shipped calculator modules once, so they register themselves."""
    global _calculators_imported
    if _calculators_imported:
        return
    _calculators_imported = True
    try:
        importlib.import_module(CALCULATORS_MODULE)
    except ModuleNotFoundError as exc:  # pragma: no cover - the package is part of the app
        if exc.name != CALCULATORS_MODULE:
            raise


def calculator_get(name: str) -> Calculator:
    """The calculator registered under ``name`` (KeyError if none)."""
    fn = _calculators.get(name)
    if fn is None:
        _import_calculators()
        fn = _calculators[name]
    return fn


def calculator_names() -> list[str]:
    """Names of every registered calculator, sorted."""
    _import_calculators()
    return sorted(_calculators)


# --- instruments ---------------------------------------------------------------------------------

def _configured_dirs() -> list[str]:
    """``settings.REINTEGRA_INSTRUMENT_DIRS`` as a list (it may be a list or an os.pathsep string)."""
    try:
        from django.conf import settings

        value = getattr(settings, "REINTEGRA_INSTRUMENT_DIRS", None) if settings.configured else None
    except ImportError:  # pragma: no cover
        value = None
    if not value:
        return []
    if isinstance(value, (str, Path)):
        return [part for part in str(value).split(os.pathsep) if part.strip()]
    return [str(part) for part in value if str(part).strip()]


def instrument_dirs() -> list[Path]:
    """The shipped definitions folder, then every configured folder, in that order."""
    dirs = [SHIPPED_DIR]
    for entry in _configured_dirs():
        path = Path(entry).expanduser()
        if path not in dirs:
            dirs.append(path)
    return dirs


def definition_files(dirs: Iterable[Path] | None = None) -> list[Path]:
    """Every definition file (``*.yaml``, ``*.yml``, ``*.json``) in ``dirs``, sorted per folder."""
    files: list[Path] = []
    for folder in instrument_dirs() if dirs is None else dirs:
        if not folder.is_dir():
            continue
        files.extend(sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
    return files


def load_cached(path: Path) -> Instrument:
    """Load one definition file, reusing the parsed instrument while its mtime and size are unchanged."""
    from .loader import load_definition

    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _file_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    instrument = load_definition(path)
    with _lock:
        _file_cache[path] = (stamp, instrument)
    return instrument


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing versions numerically part by part ("1.10" > "1.9" > "1")."""
    parts: list[tuple[int, int | str]] = []
    for part in version.split("."):
        parts.append((1, int(part)) if part.isdigit() else (0, part))
    return tuple(parts)


def instruments_all() -> list[Instrument]:
    """Every instrument version found in ``instrument_dirs()``, sorted by code then version.

    Raises ``DefinitionError`` for a broken file, or when two files declare the same code and
    version with different content (naming both files).
    """
    from django.utils.translation import gettext as _

    seen: dict[tuple[str, str], Instrument] = {}
    for path in definition_files():
        instrument = load_cached(path)
        other = seen.get(instrument.key)
        if other is None:
            seen[instrument.key] = instrument
        elif other.sha256 != instrument.sha256:
            raise DefinitionError(
                path.name, None,
                _('%(code)s version %(version)s is also defined, with different content, in %(other)s; '
                  'give one of them a new version') % {
                    "code": instrument.code, "version": instrument.version, "other": other.path},
            )
    return sorted(seen.values(), key=lambda i: (i.code, version_key(i.version)))


def instrument_get(code: str, version: str | None = None) -> Instrument:
    """The instrument ``code`` at ``version``, or its highest version; KeyError if unknown."""
    candidates = [i for i in instruments_all() if i.code == code]
    if version is not None:
        candidates = [i for i in candidates if i.version == version]
    if not candidates:
        raise KeyError(code if version is None else f"{code} {version}")
    return candidates[-1]


def clear_caches() -> None:
    """Forget loaded files and re-import calculators on next use (tests)."""
    global _calculators_imported
    with _lock:
        _file_cache.clear()
    _calculators_imported = False
