"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits).

Written against the RFC rather than pulled in as a dependency: it is thirty lines, and its test
vectors (RFC 6238 appendix B) are in the tests.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6


def new_secret() -> str:
    """A random 160-bit secret, base32-encoded without padding (what authenticator apps expect)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret_b32: str) -> bytes:
    cleaned = secret_b32.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def code_at(secret_b32: str, step: int, digits: int = DIGITS) -> str:
    """The code for time step ``step`` (Unix time // 30)."""
    digest = hmac.new(_key(secret_b32), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret_b32: str, code: str, *, now: float | None = None, window: int = 1) -> int | None:
    """The time step whose code equals ``code`` within ``window`` steps of now, or None.

    The caller stores the step it accepted and refuses any step not after it, so a code cannot be
    used twice.
    """
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == DIGITS):
        return None
    step = current_step(now)
    for candidate in range(step - window, step + window + 1):
        if hmac.compare_digest(code_at(secret_b32, candidate), code):
            return candidate
    return None


def provisioning_uri(secret_b32: str, *, account: str, issuer: str = "Reintegra") -> str:
    """The ``otpauth://`` address an authenticator app can import."""
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?secret={secret_b32}&issuer={quote(issuer)}&digits={DIGITS}&period={STEP_SECONDS}"
