from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _case_staff_see_everyone(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests here are about records, not scope (see ``accounts.tests.scoping``); tests marked
    ``real_scope`` build real relationships instead."""
    from reintegra.accounts.tests.scoping import case_staff_see_everyone

    if request.node.get_closest_marker("real_scope"):
        yield
        return
    yield from case_staff_see_everyone()
