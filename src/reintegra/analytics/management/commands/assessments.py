"""``reintegra assessments validate``: do the instruments' scores and bands predict reoffending here?"""
from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reintegra.analytics.assessment_validation import (
    BOOTSTRAP, FOLLOW_UP_DAYS, WAITING_DAYS, InstrumentValidation, ValidationReport, assessment_validation,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: expected a date as YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Validate assessment instruments against the system's own reoffending records."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser(
            "validate",
            help="For each instrument with completed assessments: the AUC of its primary score for two-year proven "
                 "reoffending, the observed rate in each band (counts under 10 shown as <10) and whether the bands "
                 "are in order.",
        )
        validate.add_argument("--instrument", help="Only this instrument code (default: every instrument).")
        validate.add_argument("--format", choices=("text", "json"), default="text")
        validate.add_argument("--today", type=_date, default=None,
                              help="The date the records are complete to, YYYY-MM-DD (default: today). For "
                                   "synthetic data, the reference date of the run.")
        validate.add_argument("--follow-up-days", type=int, default=FOLLOW_UP_DAYS)
        validate.add_argument("--waiting-days", type=int, default=WAITING_DAYS)
        validate.add_argument("--bootstrap", type=int, default=BOOTSTRAP,
                              help=f"Bootstrap resamples for the AUC's 95%% interval (default {BOOTSTRAP}; 0: none).")
        validate.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_validate(self, o: dict[str, Any]) -> None:
        from tqdm import tqdm

        quiet = o["quiet"] or o["verbosity"] == 0 or o["format"] == "json"
        bar = tqdm(unit="person", file=sys.stderr, disable=quiet, desc="follow-up")

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.total = total
            bar.update(done)

        try:
            report = assessment_validation(
                today=o["today"], instrument=o["instrument"], follow_up_days=o["follow_up_days"],
                waiting_days=o["waiting_days"], resamples=max(0, o["bootstrap"]), progress=progress,
            )
        except ValidationError as exc:
            messages = [m for values in exc.message_dict.values() for m in values] if hasattr(exc, "error_dict") \
                else exc.messages
            raise CommandError(" ".join(messages)) from exc
        finally:
            bar.close()
        if o["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self._text(report)

    def _text(self, report: ValidationReport) -> None:
        w = self.stdout.write
        d = report.outcome_definition
        w(_("Assessment validation as of %(today)s") % {"today": report.today.isoformat()})
        w(_("Outcome: %(description)s") % {"description": d["description"]})
        w(_("%(completed)s completed assessments; %(pending)s too recent for a full follow-up.") % {
            "completed": report.completed, "pending": report.not_observable})
        for note in report.notes:
            w(note)
        for item in report.instruments:
            w("")
            self._instrument(item)

    def _instrument(self, v: InstrumentValidation) -> None:
        w = self.stdout.write
        data = v.as_dict()
        w(f"{v.instrument} — {v.title}" if v.title and v.title != v.instrument else v.instrument)
        base = f"{100 * data['base_rate']:.1f}%" if data["base_rate"] is not None else "-"
        w("  " + _("people counted: %(n)s, reoffended: %(r)s (%(rate)s)") % {
            "n": data["n"], "r": data["reoffenders"], "rate": base})
        if v.auc is not None:
            ci = (" " + _("(95%% CI %(lo).3f-%(hi).3f)") % {"lo": v.auc_lower, "hi": v.auc_upper}
                  if v.auc_lower is not None else "")
            w("  " + _("AUC of the primary score: %(auc).3f") % {"auc": v.auc} + ci)
        else:
            w("  " + _("AUC of the primary score: cannot be computed"))
        w("  " + f"{_('band'):<22} {_('people'):>8} {_('reoffended'):>11} {_('rate'):>7}")
        for band in data["bands"]:
            rate = f"{100 * band['rate']:.1f}%" if band["rate"] is not None else "-"
            w(f"  {band['label']:<22} {band['n']!s:>8} {band['reoffenders']!s:>11} {rate:>7}")
        w("  " + v.verdict)
