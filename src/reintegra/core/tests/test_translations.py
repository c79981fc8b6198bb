"""The Spanish catalogue is complete, compiled, and used by the pages.

The .po file is parsed here in Python, so these tests need no GNU gettext tools; only the check
that the catalogue is up to date with the source code needs ``xgettext`` and is skipped without it.
"""
from __future__ import annotations

import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import OrganisationFactory, UserFactory

SOURCE = Path(settings.BASE_DIR)
SPANISH_PO = SOURCE / "locale" / "es" / "LC_MESSAGES" / "django.po"
SPANISH_MO = SPANISH_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (the header is the entry with an empty msgid)."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        target: tuple[str, int] | None = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line):
                keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
                if keyword == "msgstr":
                    target = ("msgstr", int(index or 0))
                    entry.msgstr[target[1]] = value
                else:
                    target = (keyword, 0)
                    setattr(entry, keyword, value)
            elif line.startswith('"') and target is not None:
                if target[0] == "msgstr":
                    entry.msgstr[target[1]] += _unquote(line)
                else:
                    setattr(entry, target[0], (getattr(entry, target[0]) or "") + _unquote(line))
        if entry.obsolete or not (entry.msgid or entry.msgstr):
            continue
        entries.append(entry)
    return entries


def _messages() -> list[Entry]:
    return [entry for entry in parse_po(SPANISH_PO) if entry.msgid]


def test_spanish_catalogue_exists_with_a_real_header() -> None:
    header = next(entry for entry in parse_po(SPANISH_PO) if entry.msgid == "")
    assert "fuzzy" not in header.flags  # a fuzzy header is ignored by msgfmt: charset and plurals would be lost
    assert "Language: es\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert len(_messages()) > 100


def test_every_spanish_entry_is_translated_and_none_is_fuzzy() -> None:
    untranslated = [entry.msgid for entry in _messages() if not entry.msgstr or not all(entry.msgstr.values())]
    fuzzy = [entry.msgid for entry in _messages() if "fuzzy" in entry.flags]
    assert untranslated == [], f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_plural_entries_fill_every_spanish_plural_form() -> None:
    for entry in _messages():
        if entry.msgid_plural is not None:
            assert len(entry.msgstr) >= 2 and all(entry.msgstr.values()), entry.msgid


def test_translations_keep_the_placeholders_of_the_original() -> None:
    mismatched = []
    for entry in _messages():
        if "python-format" not in entry.flags:
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translated in entry.msgstr.values():
            if sorted(PLACEHOLDER.findall(translated)) != wanted and sorted(
                PLACEHOLDER.findall(translated)
            ) != sorted(PLACEHOLDER.findall(entry.msgid)):
                mismatched.append(entry.msgid)
    assert mismatched == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    """The committed .mo is compiled from the current .po (fresh machines may lack msgfmt)."""
    with SPANISH_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _messages():
        if entry.msgid_plural is not None:
            continue
        lookup = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if compiled.gettext(lookup) != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert stale == [], f"recompile: {len(stale)} entries differ, e.g. {stale[:3]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_has_every_string_in_the_source(tmp_path: Path, settings, monkeypatch) -> None:
    """Extract the strings afresh into a copy: any msgid missing from the committed catalogue fails."""
    copy = tmp_path / "reintegra"
    shutil.copytree(
        SOURCE, copy,
        ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "tests", "migrations"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["es"], ignore_patterns=["static/*"], verbosity=0)
    fresh = {entry.key for entry in parse_po(copy / "locale" / "es" / "LC_MESSAGES" / "django.po") if entry.msgid}
    committed = {entry.key for entry in _messages()}
    missing = sorted(msgid for _, msgid in fresh - committed)
    assert missing == [], (
        f"{len(missing)} strings are not in the Spanish catalogue, e.g. {missing[:5]}. Run `make messages`, "
        "translate them, and commit the .po and .mo."
    )


@pytest.mark.django_db
def test_pages_render_in_spanish_after_switching() -> None:
    user = UserFactory(
        first_name="Carmen", last_name="Ortiz", role=Role.PRISON_CASE_MANAGER,
        role__organisation=OrganisationFactory(name="Servicio Penitenciario"),
    )
    client = Client()
    client.force_login(user)
    assert "Welcome, Carmen Ortiz" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "es", "next": reverse("home")})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="es"' in html
    assert "Hola, Carmen Ortiz" in html
    assert "Gestor de casos penitenciario en Servicio Penitenciario" in html
    assert "Saltar al contenido principal" in html
    assert "Cerrar sesión" in html


def test_login_page_in_spanish_for_a_visitor_who_chose_it() -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert "<h1 class=\"h3 mb-3\">Iniciar sesión</h1>" in html


@pytest.mark.django_db
def test_dates_and_numbers_follow_the_active_language() -> None:
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load l10n %}{{ day|date:"DATE_FORMAT" }} · {{ number|localize }}')
    context = Context({"day": dt.date(2026, 3, 5), "number": 1234.5})
    with translation.override("en"):
        assert template.render(context) == "March 5, 2026 · 1234.5"
    with translation.override("es"):
        assert template.render(context) == "5 de marzo de 2026 · 1234,5"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_catalogue_passes_msgfmt_checks() -> None:
    import subprocess

    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(SPANISH_PO)], capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
