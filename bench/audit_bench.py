"""Audit log benchmark: append 1,000,000 chained entries, then time `reintegra audit verify`.

Run: .venv/bin/python bench/audit_bench.py [--entries 1000000]
Target (issue: access control, audit trail): verify 1,000,000 entries in under 30 s.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="reintegra-audit-bench-")
    os.environ.update(REINTEGRA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings")
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    from reintegra.audit.choices import AuditAction
    from reintegra.audit.services import AuditEntry, audit_bulk_append

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    audit_bulk_append(entries=(
        AuditEntry(action=AuditAction.READ, actor_id=None, actor_username=f"officer{i % 500}",
                   object_type="person", object_id=str(i % 100_000), person_id=i % 100_000,
                   fields=("identity", "status"), purpose="supervision", source_ip="10.0.0.1")
        for i in range(args.entries)
    ))
    append_seconds = time.perf_counter() - started
    reintegra = Path(sys.executable).with_name("reintegra")
    started = time.perf_counter()
    result = subprocess.run([str(reintegra), "audit", "verify", "--quiet"], capture_output=True, text=True,
                            env=os.environ.copy(), check=False)
    verify_seconds = time.perf_counter() - started
    print(f"database: SQLite in {data_dir}")
    print(f"entries appended: {args.entries:,} in {append_seconds:.1f} s")
    print(f"reintegra audit verify: {verify_seconds:.1f} s wall (target < 30 s), exit {result.returncode}")
    print((result.stdout + result.stderr).strip())


if __name__ == "__main__":
    main()
