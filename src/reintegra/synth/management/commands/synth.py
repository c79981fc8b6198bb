"""``reintegra synth``: fill the database with a synthetic jurisdiction."""
from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reintegra.synth.services import DEFAULT_BATCH, synth_run


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: expected a date as YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Generate a synthetic jurisdiction: regions, prisons (some overcrowded, women's and youth "
        "facilities), probation offices, courts, partner organisations and staff; then N people with "
        "demographics, identifiers, offence histories coded by ICCS section, cases, sentences, "
        "custody and supervision spans, and later reoffences drawn from a latent risk. The same "
        "--seed, --persons and --today on a fresh database give identical content. Prints the realised "
        "two-year proven-reoffending rate at the end. Refuses to run into a database that already "
        "holds synthetic data unless --append is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=1000, help="How many people to generate (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")
        parser.add_argument(
            "--today", type=_date, default=None,
            help="The jurisdiction's reference date, YYYY-MM-DD (default: today's date). Every generated "
                 "date lies on or before it; it cannot be in the future.",
        )
        parser.add_argument("--append", action="store_true",
                            help="Add people to a database that already holds synthetic data.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH,
                            help=f"People written per transaction (default {DEFAULT_BATCH}).")
        parser.add_argument(
            "--programmes", type=int, default=None,
            help="Size of the programme catalogue created with the jurisdiction (default: every prison, "
                 "probation office and partner's usual offer, about 390). Ignored when the database already "
                 "has a synthetic catalogue.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar and no summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        from tqdm import tqdm

        quiet = options["quiet"] or options["verbosity"] == 0
        today = options["today"] or timezone.localdate()
        started = time.perf_counter()
        bar = tqdm(total=options["persons"], unit="person", file=sys.stderr, disable=quiet, desc="synth")
        try:
            run = synth_run(
                persons=options["persons"], seed=options["seed"], today=today, append=options["append"],
                batch_size=max(1, options["batch_size"]), progress=bar.update, programmes=options["programmes"],
            )
        except ValidationError as exc:
            messages = [m for values in exc.message_dict.values() for m in values] if hasattr(exc, "error_dict") \
                else exc.messages
            raise CommandError(" ".join(messages)) from exc
        finally:
            bar.close()
        if quiet:
            return
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Generated {run.persons} synthetic people (seed {run.seed}, reference date {run.today}) "
            f"in {elapsed:.1f} s."
        )
        if run.realised_rate is None:
            self.stdout.write("Two-year proven reoffending: no one has completed two and a half years of follow-up yet.")
        else:
            self.stdout.write(
                f"Two-year proven reoffending: {run.reoffenders} of {run.cohort_size} "
                f"= {100 * run.realised_rate:.1f}% (follow-up 24 months + 6 months waiting)."
            )
