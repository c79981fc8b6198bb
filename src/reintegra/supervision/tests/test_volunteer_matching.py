"""Matching volunteers to a person: each criterion (area, language, gender preference, places left,
training) and each hard rule (inactive, no place, training expired or none), pure and through the
selector that feeds it."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision import matching
from reintegra.supervision.matching import Candidate, Seeker, rank
from reintegra.supervision.models import VolunteerProfile
from reintegra.supervision.selectors.volunteers import volunteer_suggestions
from reintegra.supervision.services import volunteer_assign
from reintegra.supervision.tests.volunteer_factories import english, fresh, volunteer, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("english")
ON = dt.date(2025, 3, 1)
BASE = Candidate(user_id=1, profile_id=1, name="Base", area="Norte", languages=("fr",), gender="", max_people=2,
                 open_assignments=0, active=True, trained=True, current_training=True, training_until=None)


def one(seeker: Seeker, **changes: object) -> matching.Match:
    return rank(seeker, [dataclasses.replace(BASE, **changes)], on=ON, include_excluded=True,
                gender_labels={"female": "Woman", "male": "Man"})[0]


class TestCriteria:
    def test_same_area_ranks_first_whatever_the_accents_and_capitals(self) -> None:
        seeker = Seeker(area="Jardín Centro")
        near, far = dataclasses.replace(BASE, user_id=2, name="Near", area="jardin centro"), BASE
        ranked = rank(seeker, [far, near], on=ON)
        assert [m.candidate.name for m in ranked] == ["Near", "Base"]
        assert "Covers jardin centro, the person's area." in ranked[0].reasons
        assert "Covers Norte, another area." in ranked[1].reasons

    def test_a_shared_language_counts_the_main_one_most(self) -> None:
        seeker = Seeker(languages=("ar", "es"))
        main, other, none = one(seeker, languages=("ar",)), one(seeker, languages=("es",)), one(seeker)
        assert main.score > other.score > none.score
        assert "Speaks Arabic." in main.reasons and "Speaks Spanish." in other.reasons
        assert "Shares no language recorded for the person." in none.reasons

    def test_gender_preference_only_when_asked(self) -> None:
        asked = Seeker(gender_preference="female")
        woman, man, unknown = one(asked, gender="female"), one(asked, gender="male"), one(asked)
        assert woman.score > man.score == unknown.score
        assert "Woman, as the person asked." in woman.reasons
        assert "Not the gender the person asked for." in man.reasons and "Gender not recorded." in unknown.reasons
        assert one(Seeker(), gender="female").score == one(Seeker(), gender="male").score

    def test_more_places_left_ranks_higher(self) -> None:
        roomy, busy = one(Seeker(), max_people=4), one(Seeker(), max_people=4, open_assignments=3)
        assert roomy.score > busy.score and "1 place left." in busy.reasons and "4 places left." in roomy.reasons

    def test_training_ending_soon_scores_less_and_says_when(self) -> None:
        soon = one(Seeker(), training_until=ON + dt.timedelta(days=10))
        later = one(Seeker(), training_until=ON + dt.timedelta(days=365))
        assert later.score > soon.score and any("Training valid until" in r for r in soon.reasons)


class TestHardRules:
    @pytest.mark.parametrize(("changes", "why"), [
        ({"active": False}, "Not active."),
        ({"open_assignments": 2}, "No place left: already supports 2 people, the limit."),
        ({"current_training": False, "last_training_ended": dt.date(2025, 1, 31)}, "Training expired on"),
        ({"current_training": False, "trained": False}, "No current training on record."),
    ])
    def test_excluded_with_why_and_shown_only_when_asked(self, changes: dict, why: str) -> None:
        candidate = dataclasses.replace(BASE, **changes)
        assert rank(Seeker(), [candidate], on=ON) == []
        shown = rank(Seeker(), [candidate], on=ON, include_excluded=True)
        assert shown[0].excluded and any(text.startswith(why) for text in shown[0].exclusions)

    def test_excluded_come_after_the_others_whatever_their_score(self) -> None:
        seeker = Seeker(area="Norte", languages=("fr",))
        best_but_full = dataclasses.replace(BASE, name="Full", open_assignments=2)
        weak = dataclasses.replace(BASE, user_id=2, name="Weak", area="Sur", languages=())
        ranked = rank(seeker, [best_but_full, weak], on=ON, include_excluded=True)
        assert [m.candidate.name for m in ranked] == ["Weak", "Full"]


@pytest.mark.django_db
class TestSelector:
    def test_ranks_the_volunteers_of_my_office_for_the_person(self, django_assert_max_num_queries) -> None:
        w = world(region="Centro", languages=("ar", "es"))
        best = volunteer(w, name="Amina", area="Centro", languages=("ar",), gender="female")
        volunteer(w, name="Bruno", area="Sur", languages=("es",), gender="male")
        expired = volunteer(w, name="Carla", expires_on=timezone.localdate() - dt.timedelta(days=1))
        untrained = volunteer(w, name="Dora", trained=False)
        inactive = volunteer(w, name="Eva")
        VolunteerProfile.objects.filter(pk=inactive.pk).update(active=False)
        elsewhere = world()
        volunteer(elsewhere, name="Other office")
        officer = fresh(w.officer)
        with django_assert_max_num_queries(4):
            ranked = volunteer_suggestions(user=officer, period=w.period, gender_preference="female")
        assert [m.candidate.name for m in ranked] == ["Amina Volunteer", "Bruno Volunteer"]
        assert ranked[0].candidate.profile_id == best.pk
        shown = volunteer_suggestions(user=fresh(w.officer), period=w.period, include_excluded=True)
        excluded = {m.candidate.profile_id: m.exclusions for m in shown if m.excluded}
        assert set(excluded) == {expired.pk, untrained.pk, inactive.pk}

    def test_the_person_area_can_be_typed_and_assigned_volunteers_are_left_out(self) -> None:
        w = world(region="Centro")
        north = volunteer(w, name="North", area="Norte")
        centre = volunteer(w, name="Centre", area="Centro")
        ranked = volunteer_suggestions(user=fresh(w.officer), period=w.period, area="norte")
        assert ranked[0].candidate.profile_id == north.pk
        volunteer_assign(actor=fresh(w.officer), volunteer=north.user, person=w.person)
        ranked = volunteer_suggestions(user=fresh(w.officer), period=w.period)
        assert [m.candidate.profile_id for m in ranked] == [centre.pk]

    def test_capacity_is_read_from_open_assignments(self) -> None:
        w = world()
        full = volunteer(w, max_people=1)
        volunteer_assign(actor=fresh(w.officer), volunteer=full.user,
                         person=SupervisionPeriodFactory(office=w.office, officer=w.officer).person)
        shown = volunteer_suggestions(user=fresh(w.officer), period=w.period, include_excluded=True)
        assert shown[0].excluded and shown[0].candidate.open_assignments == 1

    def test_staff_of_another_office_see_no_volunteer(self) -> None:
        w = world()
        volunteer(w)
        other = user_with_role(Role.SUPERVISOR, ProbationOfficeFactory())
        from reintegra.supervision.selectors.volunteers import volunteer_profile_list

        assert not volunteer_profile_list(user=other).exists()
