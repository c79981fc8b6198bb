from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reintegra.audit.models import AuditEvent
from reintegra.people.models import Person
from reintegra.privacy.models import Pseudonymisation, RetentionRule
from reintegra.privacy.tests.factories import person_with_history

pytestmark = pytest.mark.django_db


class TestSubjectAccessCommand:
    @pytest.mark.parametrize("name", ["subject_access", "subject-access"])
    def test_writes_json_and_html_and_is_audited(self, name, tmp_path, capsys) -> None:
        person = person_with_history(family_name="Zarkovic")
        call_command(name, str(person.pk), "--json", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"))
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert report["person_id"] == person.pk
        assert "Zarkovic" in (tmp_path / "r.html").read_text(encoding="utf-8")
        assert AuditEvent.objects.filter(action="export", person_id=person.pk).count() == 1

    def test_unknown_person(self) -> None:
        with pytest.raises(CommandError):
            call_command("subject_access", "999999")


class TestRetentionCommand:
    def test_dry_run_changes_nothing_and_prints_no_names(self, capsys) -> None:
        person = person_with_history(given_name="Ottoline", family_name="Brackenbury")
        RetentionRule.objects.create(name="ten", years_after_last_episode=10)
        before = (Person.objects.get(pk=person.pk).version, AuditEvent.objects.count())
        call_command("retention", "--dry-run", "--on", "2025-01-01")
        output = capsys.readouterr().out
        assert f"1 people would be pseudonymised: {person.pk}" in output
        assert "Brackenbury" not in output and "Ottoline" not in output
        assert (Person.objects.get(pk=person.pk).version, AuditEvent.objects.count()) == before
        assert not Pseudonymisation.objects.exists()

    def test_apply_needs_yes(self) -> None:
        person_with_history()
        RetentionRule.objects.create(name="ten", years_after_last_episode=10)
        with pytest.raises(CommandError, match="irreversible"):
            call_command("retention", "--apply", "--on", "2025-01-01")
        assert not Pseudonymisation.objects.exists()
        with pytest.raises(CommandError, match="--dry-run"):
            call_command("retention")

    def test_apply_then_again_is_a_no_op(self, capsys) -> None:
        person = person_with_history()
        call_command("retention", "--add-rule", "ten years", "--years", "10")
        call_command("retention", "--apply", "--yes", "--on", "2025-01-01")
        assert "pseudonymised 1 people" in capsys.readouterr().out
        assert Person.objects.get(pk=person.pk).given_name == "Pseudonymised"
        call_command("retention", "--apply", "--yes", "--on", "2025-01-01")
        assert "pseudonymised 0 people" in capsys.readouterr().out
        assert AuditEvent.objects.filter(action="retention").count() == 1


class TestExtractCommand:
    def test_writes_csv_and_audits(self, tmp_path) -> None:
        person_with_history(family_name="Vandermeer")
        out = tmp_path / "extract.csv"
        call_command("extract", "--out", str(out))
        text = out.read_text(encoding="utf-8")
        assert text.startswith("person_key,age_band,sex,iccs_01") and "Vandermeer" not in text
        assert AuditEvent.objects.filter(action="export", object_type="privacy.extract").count() == 1
