"""What the page benchmarks share: a fresh Django installation in a temporary directory, and the
one-line timing summary they print."""
from __future__ import annotations

import os
import statistics
import tempfile


def django_in_temp_dir(prefix: str) -> str:
    """Point the settings at a new SQLite database in a temporary directory, set Django up, migrate
    and collect static files. Returns the directory."""
    data_dir = tempfile.mkdtemp(prefix=prefix)
    os.environ.update(
        REINTEGRA_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="reintegra.config.settings",
        REINTEGRA_ALLOWED_HOSTS="testserver,localhost", REINTEGRA_SECURE_COOKIES="0",
    )
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    return data_dir


def summary(label: str, timings: list[float], queries: list[int], width: int = 28) -> str:
    """``label  median … ms  p95 … ms  SQL queries per page a-b  (n=…)``."""
    ordered = sorted(timings)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"{label:<{width}} median {statistics.median(ordered) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
            f"SQL queries per page {min(queries)}-{max(queries)}   (n={len(ordered)})")
