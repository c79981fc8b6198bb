"""Data-protection operations on a synthetic jurisdiction (fresh SQLite database, subprocesses).

Seeds ``--persons`` people with ``reintegra synth``, then times, each as its own process:
the de-identified extract (``reintegra extract``), a subject access report for one person
(``reintegra subject_access``), the retention dry run with a one-year rule, and applying it (every selected person is pseudonymised; the rate per person is printed), then a
second run, which must do nothing.

    .venv/bin/python bench/privacy_bench.py [--persons 10000] [--seed 1] [--keep]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REINTEGRA = ROOT / ".venv" / "bin" / "reintegra"


def run(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([str(REINTEGRA), *args], env=env, check=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - started, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="privacy-bench-"))
    env = {**os.environ, "REINTEGRA_DATA_DIR": str(data_dir), "REINTEGRA_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    try:
        run(env, "migrate", "-v0")
        seconds, _ = run(env, "synth", f"--persons={args.persons}", f"--seed={args.seed}")
        print(f"synth {args.persons:,} persons      {seconds:8.1f} s")
        database = next(data_dir.glob("*.sqlite3"))
        with sqlite3.connect(database) as db:
            person_id = db.execute(
                "SELECT person_id FROM justice_custodyepisode GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1"
            ).fetchone()[0]
        seconds, _ = run(env, "extract", "--out", str(data_dir / "extract.csv"))
        rows = sum(1 for _ in (data_dir / "extract.csv").open(encoding="utf-8")) - 1
        print(f"extract                 {seconds:8.1f} s   {rows:,} rows")
        seconds, out = run(env, "subject_access", str(person_id), "--json", str(data_dir / "sar.json"),
                           "--html", str(data_dir / "sar.html"))
        size = (data_dir / "sar.json").stat().st_size
        print(f"subject access          {seconds:8.1f} s   person {person_id}, {size / 1024:,.0f} KiB JSON")
        print(f"                        {out.strip().splitlines()[-1]}")
        run(env, "retention", "--add-rule", "bench", "--years", "1")
        seconds, out = run(env, "retention", "--dry-run")
        selected = int(re.search(r": (\d+) people would", out).group(1))
        print(f"retention dry run       {seconds:8.1f} s   {selected:,} people selected")
        seconds, out = run(env, "retention", "--apply", "--yes")
        done = int(re.search(r"pseudonymised (\d+) people", out).group(1))
        rate = f"{seconds / done * 1000:,.1f} ms per person" if done else "nothing to do"
        print(f"retention apply         {seconds:8.1f} s   {done:,} people, {rate}")
        seconds, out = run(env, "retention", "--apply", "--yes")
        print(f"retention second run    {seconds:8.1f} s   {out.strip().splitlines()[-1]}")
    finally:
        if args.keep:
            print(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
