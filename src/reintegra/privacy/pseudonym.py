"""Pseudonymised keys for de-identified extracts: HMAC-SHA256 of the person id under a secret.

The secret is ``settings.REINTEGRA_PSEUDONYM_KEY`` if defined, else the environment variable
``REINTEGRA_PSEUDONYM_KEY`` (or the file named by ``REINTEGRA_PSEUDONYM_KEY_FILE``), else a key
derived from ``SECRET_KEY``. Without the secret a key cannot be turned back into a person id;
with it, the same person gets the same key in every extract (so extracts can be linked over time).
Rotate the secret to make old extracts unlinkable to new ones.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from django.conf import settings


def pseudonym_secret() -> bytes:
    configured = getattr(settings, "REINTEGRA_PSEUDONYM_KEY", None) or os.environ.get("REINTEGRA_PSEUDONYM_KEY")
    if not configured and os.environ.get("REINTEGRA_PSEUDONYM_KEY_FILE"):
        configured = Path(os.environ["REINTEGRA_PSEUDONYM_KEY_FILE"]).read_text(encoding="utf-8").strip()
    if configured:
        return configured.encode()
    # Derived, not equal: an extract's keys never reveal anything about SECRET_KEY itself.
    return hmac.new(settings.SECRET_KEY.encode(), b"reintegra.privacy.pseudonym", hashlib.sha256).digest()


def pseudonym(person_id: int, secret: bytes | None = None) -> str:
    """The stable pseudonymised key of a person (64 hex characters)."""
    return hmac.new(secret or pseudonym_secret(), str(person_id).encode(), hashlib.sha256).hexdigest()
