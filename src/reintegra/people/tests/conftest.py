from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _case_staff_see_everyone(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests here are about records, not scope (see ``accounts.tests.scoping``); ``test_scoping``
    opts out and builds real relationships."""
    from reintegra.accounts.tests.scoping import case_staff_see_everyone

    if request.node.get_closest_marker("real_scope"):
        yield
        return
    yield from case_staff_see_everyone()
