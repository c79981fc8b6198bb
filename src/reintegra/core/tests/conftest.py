from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """Requests made with the test client activate their language in this thread and leave it
    active; switch back so a test that chose Spanish does not leak it into the next test."""
    yield
    translation.deactivate()
