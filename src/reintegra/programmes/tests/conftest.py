from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from reintegra.accounts.tests.factories import FacilityFactory
from reintegra.justice.tests.factories import CustodyEpisodeFactory


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def prison() -> Any:
    return FacilityFactory()


@pytest.fixture
def prisoner(prison: Any) -> Any:
    """A person in custody at ``prison`` since January 2024."""
    return CustodyEpisodeFactory(facility=prison, admitted_on=dt.date(2024, 1, 10)).person
