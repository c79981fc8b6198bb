import pytest

from reintegra.community.tests.factories import World, world


@pytest.fixture
def w(db: None) -> World:
    return world()
