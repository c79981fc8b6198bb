"""Errors shared by every app's services."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaleEditError(ValidationError):
    """Someone else saved the record after this edit was started; the edit is refused."""

    def __init__(self, *, current_version: int, expected_version: int) -> None:
        super().__init__(
            _(
                "This record was changed by someone else while you were editing it "
                "(your version %(expected)s, now %(current)s). Reload it and apply your change again."
            ),
            code="stale",
            params={"expected": expected_version, "current": current_version},
        )
        self.current_version = current_version
        self.expected_version = expected_version


class AccessDenied(Exception):
    """The acting user may not perform this operation on this record."""
