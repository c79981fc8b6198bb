"""The hash of an audit entry: SHA-256 over the previous hash and a canonical form of the entry."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

# The order of the fields in the canonical form; changing it would invalidate every stored hash.
CHAINED_FIELDS = (
    "occurred_at", "actor_id", "actor_username", "action", "object_type", "object_id", "person_id",
    "fields", "purpose", "source_ip", "detail",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def entry_hash(prev_hash: str, values: dict[str, Any]) -> str:
    """The hash chaining one entry (given as a dict of ``CHAINED_FIELDS``) to the one before it."""
    payload = json.dumps(
        [prev_hash, *(_canonical(values[name]) for name in CHAINED_FIELDS)],
        ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
