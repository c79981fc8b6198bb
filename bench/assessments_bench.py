"""Assessments benchmark: engine scoring speed, the assessment form page, synthetic assessments.

Run: .venv/bin/python bench/assessments_bench.py [--scores 100000] [--persons 10000] [--samples 100]
     [--only score|synth|page]

(a) scores ``--scores`` completed needs assessments (answers drawn from random latent levels by
    ``synth.answers``) with the engine, in pure Python: target under 20 s for 100,000.
(c) generates ``--persons`` synthetic people in a fresh SQLite database with the demo logins
    (``reintegra demo --no-serve``) and times ``synth.assessments.assessments_write`` on its own
    (CPU and wall), per 10,000 persons.
(b) on that database, starts a needs assessment for ``--samples`` people in the demo probation
    officer's caseload, answers about half of it, and times the form page (``assessments:detail``)
    through the whole Django stack (test client, logged in, second factor passed, purpose given):
    target under 100 ms median.
"""
from __future__ import annotations

import argparse
import inspect
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def bench_score(count: int) -> None:
    import numpy as np

    from reintegra.assessments.instruments import instrument_get, score
    from reintegra.synth.answers import answer_model

    needs = instrument_get("reintegra-needs")
    model = answer_model(needs)
    rng = np.random.default_rng(2024)
    levels = rng.integers(0, 4, size=(count, len(model.domain_codes)))
    begun = time.perf_counter()
    answers = model.draw(levels, rng)
    drawn = time.perf_counter() - begun
    begun, cpu = time.perf_counter(), time.process_time()
    bands: dict[str, int] = {}
    for a in answers:
        band = score(needs, a).band
        bands[band] = bands.get(band, 0) + 1
    wall, cpu = time.perf_counter() - begun, time.process_time() - cpu
    print(f"(a) engine: {count:,} needs assessments ({len(needs.item_list)} items) scored in {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU ({1e6 * wall / count:.0f} us each); target < 20 s for 100,000. "
          f"[answers drawn in {drawn:.1f} s; bands {bands}]")


class _Timer:
    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self.rows = 0


def synth_with_assessments(persons: int) -> _Timer:
    """``reintegra demo --no-serve`` with assessments written at the end of every batch (the call
    ``_write_batch`` makes; added here if that call is not there yet), timing them apart."""
    from django.core.management import call_command

    from reintegra.synth import assessments, services

    timer = _Timer()
    write = assessments.assessments_write
    # Parsing the definition files happens once per process (the registry keeps them), not per
    # batch: done here first and reported apart, so the per-person figure is what a large run pays.
    parsed = time.process_time()
    assessments._available()
    parsed = time.process_time() - parsed

    def timed(**kw: Any) -> int:
        wall, cpu = time.perf_counter(), time.process_time()
        rows = write(**kw)
        timer.wall += time.perf_counter() - wall
        timer.cpu += time.process_time() - cpu
        timer.rows += rows
        return rows

    assessments.assessments_write = timed
    originals = services._write_batch, services.person_bulk_create
    if "assessments_write" in inspect.getsource(services._write_batch):
        services.assessments_write = timed  # type: ignore[attr-defined]
    else:
        saved: dict[str, Any] = {}

        def person_bulk_create(**kw: Any) -> Any:
            saved["persons"] = originals[1](**kw)
            return saved["persons"]

        def write_batch(*, run: Any, j: Any, drawn: Any) -> None:
            originals[0](run=run, j=j, drawn=drawn)
            timed(run=run, j=j, drafts=drawn.drafts, persons=saved["persons"], histories=drawn.histories)

        services._write_batch, services.person_bulk_create = write_batch, person_bulk_create
    try:
        begun = time.perf_counter()
        call_command("demo", persons=persons, no_serve=True, verbosity=0)
        total = time.perf_counter() - begun
    finally:
        services._write_batch, services.person_bulk_create = originals
        assessments.assessments_write = write
    per = 10_000 / persons
    print(f"(c) synth: {persons:,} persons in {total:.1f} s wall; assessments {timer.rows:,} rows "
          f"({timer.rows / persons:.2f} per person) in {timer.wall:.1f} s wall, {timer.cpu:.1f} s CPU = "
          f"{timer.wall * per:.1f} s wall / {timer.cpu * per:.1f} s CPU per 10,000 persons "
          f"(budget: 15 s per 100,000 = 1.5 s per 10,000); definitions parsed once beforehand in "
          f"{parsed:.2f} s CPU. Load average {os.getloadavg()[0]:.1f}.")
    return timer


def bench_page(samples: int) -> None:
    import numpy as np
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    import benchlib
    from reintegra.accounts.models import User
    from reintegra.accounts.policy import Level, scope_persons
    from reintegra.assessments.instruments import instrument_get
    from reintegra.assessments.services import assessment_answer, assessment_start
    from reintegra.audit.web import SESSION_KEY as PURPOSES
    from reintegra.people.models import Person
    from reintegra.synth.answers import answer_model

    user = User.objects.get(username="demo-probation")
    people = list(scope_persons(user, Person.objects.filter(voided_at__isnull=True), level=Level.FULL)
                  .order_by("pk").values_list("pk", flat=True))
    if not people:
        print("(b) form page: the demo probation officer has no one in full scope; generate more persons.")
        return
    rng = np.random.default_rng(5)
    chosen = [int(pk) for pk in rng.choice(people, size=min(samples, len(people)), replace=False)]
    needs = instrument_get("reintegra-needs")
    drafts = []
    answers = answer_model(needs).draw(rng.integers(0, 4, size=(len(chosen), len(needs.domains))), rng)
    for pk, full in zip(chosen, answers):
        person = Person.objects.get(pk=pk)
        draft = assessment_start(person=person, instrument_code="reintegra-needs", occasion="scheduled", actor=user)
        half = dict(list(full.items())[: len(full) // 2])
        draft = assessment_answer(assessment=draft, actor=user, expected_version=draft.version, answers=half)
        drafts.append(draft)
    client = Client()
    client.force_login(user)
    session = client.session
    try:
        from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

        session[TWO_FACTOR_KEY] = True
    except ImportError:
        pass
    session[PURPOSES] = {str(pk): "case_management" for pk in chosen}
    session.save()
    urls = [reverse("assessments:detail", args=[d.pk]) for d in drafts]
    for url in urls[:3]:
        client.get(url)  # warm-up
    timings, queries = [], []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            begun = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - begun)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    print("(b) " + benchlib.summary("form page (half answered)", timings, queries)
          + f"; target < 100 ms median. Load average {os.getloadavg()[0]:.1f}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=100_000)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--only", choices=("score", "synth", "page"))
    args = parser.parse_args()
    os.environ["REINTEGRA_DEMO"] = "1"
    import benchlib

    data_dir = benchlib.django_in_temp_dir("reintegra-assessments-bench-")
    if args.only in (None, "score"):
        bench_score(args.scores)
    if args.only in (None, "synth", "page"):
        synth_with_assessments(args.persons)
        print(f"    database: SQLite in {data_dir}; peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if args.only in (None, "page"):
        bench_page(args.samples)


if __name__ == "__main__":
    main()
