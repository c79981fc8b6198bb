"""The fast multi-row inserts of the people bulk services: ``reintegra.core.bulkinsert``, shared
with the other apps' bulk loaders (kept under this name for the modules that import it here)."""
from __future__ import annotations

from reintegra.core.bulkinsert import (
    EMPTY, ROWS_PER_STATEMENT, fast_path, insert_dicts, insert_instances, insert_tuples, reserve_ids,
)

__all__ = ["EMPTY", "ROWS_PER_STATEMENT", "fast_path", "insert_dicts", "insert_instances", "insert_tuples", "reserve_ids"]
