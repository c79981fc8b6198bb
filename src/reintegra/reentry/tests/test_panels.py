"""The "Release preparation" panel of the person page."""
from __future__ import annotations

import pytest
from django.test import RequestFactory

from reintegra.accounts.choices import Role
from reintegra.accounts.policy import person_access
from reintegra.accounts.tests.factories import user_with_role
from reintegra.reentry.panels import preparation_context
from reintegra.reentry.tests.factories import sentenced_world

pytestmark = pytest.mark.django_db


def _context(user, person):  # noqa: ANN001, ANN202
    request = RequestFactory().get("/")
    request.user = user
    return preparation_context(request, person, person_access(user, person))


def test_panel_shows_the_record_and_countdown_to_staff_who_see_the_full_record() -> None:
    w = sentenced_world()
    context = _context(w.manager, w.person)
    assert context["preparation"] == w.preparation and context["row"].point == 12 and context["open_items"] == 5


def test_panel_hidden_without_the_right_or_the_full_record() -> None:
    w = sentenced_world()
    assert _context(user_with_role(Role.PROGRAMME_STAFF, w.prison), w.person) is None
    assert _context(user_with_role(Role.PRISON_CASE_MANAGER), w.person) is None
