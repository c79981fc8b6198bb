from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.people import panels, timeline
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory


def _event(kind: str, params: dict) -> TimelineEvent:
    return TimelineEvent(kind=kind, params=params, occurred_on=dt.date(2024, 1, 1), source_app="test")


def test_describe_fills_params_and_formats_codes() -> None:
    assert timeline.describe(_event("identifier.added", {"kind": "prison_number"})) == "Identifier added: Prison number"
    assert timeline.describe(_event("person.updated", {"fields": ["given_name", "nationality"]})) == (
        "Details changed: given name, nationality"
    )


def test_describe_survives_missing_params_and_unknown_kinds() -> None:
    timeline.register_kind("test.thing", _("Thing %(name)s at %(place)s"))
    assert timeline.describe(_event("test.thing", {"name": "X"})) == "Thing X at ?"
    assert timeline.describe(_event("nobody.knows", {})) == "Event: nobody.knows"


def test_describe_translates_at_render_time_not_at_registration() -> None:
    timeline.register_kind("test.hello", _("Record created"))
    with translation.override("es"):
        spanish = timeline.describe(_event("test.hello", {}))
        assert spanish == gettext("Record created")
    with translation.override("en"):
        assert timeline.describe(_event("test.hello", {})) == "Record created"


def test_register_kind_rejects_bad_names() -> None:
    with pytest.raises(ValueError):
        timeline.register_kind("", "x")
    with pytest.raises(ValueError):
        timeline.register_kind("x" * 65, "x")


@pytest.mark.django_db
def test_panels_render_in_order_and_none_hides(monkeypatch) -> None:
    monkeypatch.setattr(panels, "_PANELS", {})
    person = PersonFactory(given_name="Ada")
    request = RequestFactory().get("/")
    request.user = user_with_role(Role.PRISON_CASE_MANAGER)  # sees the full record (tests' broad relationship)
    panels.register_panel(key="b", order=20, template="people/tests/panel.html", context=lambda r, p: {"label": "second"})
    panels.register_panel(key="a", order=10, template="people/tests/panel.html", context=lambda r, p: {"label": "first"})
    panels.register_panel(key="hidden", order=5, template="people/tests/panel.html", context=lambda r, p: None)
    rendered = panels.render_panels(request, person)
    assert [p.key for p in rendered] == ["a", "b"]
    assert "first Ada" in rendered[0].html


@pytest.mark.django_db
def test_panels_get_the_viewers_access_and_others_show_at_full_only(monkeypatch) -> None:
    from reintegra.accounts.policy import Level, PersonAccess

    monkeypatch.setattr(panels, "_PANELS", {})
    person = PersonFactory(given_name="Ada")
    request = RequestFactory().get("/")
    request.user = user_with_role(Role.PRISON_CASE_MANAGER)
    panels.register_panel(key="plain", order=1, template="people/tests/panel.html", context=lambda r, p: {"label": "plain"})
    panels.register_panel(key="aware", order=2, template="people/tests/panel.html",
                          context=lambda r, p, access: {"label": f"level{int(access.level)}"})
    person.access = PersonAccess(Level.SUMMARY, own_caseload=False)
    rendered = panels.render_panels(request, person)
    assert [p.key for p in rendered] == ["aware"] and "level1 Ada" in rendered[0].html
    person.access = PersonAccess(Level.FULL, own_caseload=True)
    assert [p.key for p in panels.render_panels(request, person)] == ["plain", "aware"]
