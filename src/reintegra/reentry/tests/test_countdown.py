"""Countdown points (``REINTEGRA_RELEASE_COUNTDOWN_WEEKS``) and the worklist's selector."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.reentry import selectors
from reintegra.reentry.countdown import countdown_weeks, point_passed
from reintegra.reentry.tests.factories import sentenced_world


def test_default_points_and_which_one_is_passed(settings) -> None:  # noqa: ANN001
    settings.REINTEGRA_RELEASE_COUNTDOWN_WEEKS = None
    assert countdown_weeks() == (12, 4)
    assert point_passed(100) is None
    assert point_passed(84) == 12 and point_passed(29) == 12 and point_passed(28) == 4 and point_passed(-3) == 4


@pytest.mark.parametrize("bad", [[], [0], ["12"], 12, [True], [600]])
def test_a_wrong_setting_names_it(settings, bad) -> None:  # noqa: ANN001
    settings.REINTEGRA_RELEASE_COUNTDOWN_WEEKS = bad
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_RELEASE_COUNTDOWN_WEEKS"):
        countdown_weeks()


@pytest.mark.django_db
def test_the_worklist_lists_people_within_the_largest_point_with_what_is_open(
        django_assert_max_num_queries, settings) -> None:  # noqa: ANN001
    settings.REINTEGRA_RELEASE_COUNTDOWN_WEEKS = [12, 4]
    near = sentenced_world()  # conditional release about 8 weeks away
    far = sentenced_world(decided_on=timezone.localdate() - dt.timedelta(days=10))
    manager = near.manager
    with django_assert_max_num_queries(8):
        rows = selectors.countdown_rows(user=manager)
    assert [row.preparation for row in rows] == [near.preparation]
    row = rows[0]
    assert row.point == 12 and 7 * 4 < row.days_left <= 7 * 12
    assert "First appointment booked" in row.open_items and len(row.open_pathways) == 8
    assert selectors.countdown_rows(user=far.manager) == []  # 6 months away: not yet
    assert selectors.countdown_rows(user=manager, search="zzz-nobody") == []
    outsider = user_with_role(Role.PRISON_CASE_MANAGER)
    assert selectors.countdown_rows(user=outsider) == []


@pytest.mark.django_db
def test_query_count_does_not_grow_with_people(django_assert_max_num_queries) -> None:  # noqa: ANN001
    from reintegra.justice.choices import CustodyKind
    from reintegra.justice.tests.factories import CustodyEpisodeFactory, DispositionFactory

    w = sentenced_world()
    for _ in range(4):
        disposition = DispositionFactory(term_days=365, decided_on=w.episode.admitted_on)
        CustodyEpisodeFactory(person=disposition.person, facility=w.prison, kind=CustodyKind.SENTENCED,
                              disposition=disposition, admitted_on=w.episode.admitted_on)
    with django_assert_max_num_queries(8):
        assert len(selectors.countdown_rows(user=w.manager)) == 5
