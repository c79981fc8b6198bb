from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.core.errors import AccessDenied
from reintegra.justice import selectors, services
from reintegra.justice.choices import CustodyKind, PersonStatus, ReleaseType
from reintegra.justice.keydates import get_ruleset
from reintegra.justice.tests.factories import (
    CaseFactory, ChargeFactory, CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory,
    SupervisionPeriodFactory,
)
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_status_no_active_episode() -> None:
    assert selectors.person_status(person=PersonFactory()) == PersonStatus.NO_ACTIVE_EPISODE


def test_status_pretrial_detention_then_released() -> None:
    episode = CustodyEpisodeFactory(admitted_on=D(2024, 1, 10))
    assert selectors.person_status(person=episode.person) == PersonStatus.PRETRIAL_DETENTION
    services.custody_release(actor=None, episode=episode, released_on=D(2024, 2, 10), release_type=ReleaseType.BAIL,
                             expected_version=1)
    assert selectors.person_status(person=episode.person) == PersonStatus.NO_ACTIVE_EPISODE
    # On a past date the stay was open.
    assert selectors.person_status(person=episode.person, on=D(2024, 2, 9)) == PersonStatus.PRETRIAL_DETENTION
    assert selectors.person_status(person=episode.person, on=D(2024, 2, 10)) == PersonStatus.NO_ACTIVE_EPISODE


def test_status_in_custody_outranks_supervision() -> None:
    sentence = DispositionFactory()
    person = sentence.person
    SupervisionPeriodFactory(person=person, starts_on=D(2024, 1, 1))
    assert selectors.person_status(person=person) == PersonStatus.UNDER_SUPERVISION
    CustodyEpisodeFactory(person=person, kind=CustodyKind.SENTENCED, disposition=sentence, admitted_on=D(2024, 3, 1))
    assert selectors.person_status(person=person) == PersonStatus.IN_CUSTODY


def test_status_under_supervision() -> None:
    period = SupervisionPeriodFactory(starts_on=D(2024, 6, 1))
    assert selectors.person_status(person=period.person) == PersonStatus.UNDER_SUPERVISION
    assert selectors.person_status(person=period.person, on=D(2024, 5, 31)) == PersonStatus.NO_ACTIVE_EPISODE


def test_statuses_for_many_people_in_two_queries(django_assert_num_queries) -> None:
    remanded = CustodyEpisodeFactory().person
    supervised = SupervisionPeriodFactory().person
    nobody = PersonFactory()
    with django_assert_num_queries(2):
        statuses = selectors.person_statuses(person_ids=[remanded.pk, supervised.pk, nobody.pk])
    assert statuses == {
        remanded.pk: PersonStatus.PRETRIAL_DETENTION, supervised.pk: PersonStatus.UNDER_SUPERVISION,
        nobody.pk: PersonStatus.NO_ACTIVE_EPISODE,
    }


def _sentenced_with_remand() -> tuple:
    """Remand for the case 2024-11-01..2024-12-01 (bail), again from 2024-12-01 (another prison),
    sentenced 2025-01-01 to 365 days: 61 remand days (the worked example of docs/key-dates.md)."""
    case = CaseFactory(opened_on=D(2024, 10, 30))
    person = case.person
    first = services.custody_admit(actor=None, person=person, facility=FacilityFactory(), kind=CustodyKind.REMAND,
                                   admitted_on=D(2024, 11, 1), case=case)
    services.custody_release(actor=None, episode=first, released_on=D(2024, 12, 1), release_type=ReleaseType.BAIL,
                             expected_version=1)
    second = services.custody_admit(actor=None, person=person, facility=FacilityFactory(), kind=CustodyKind.REMAND,
                                    admitted_on=D(2024, 12, 1))  # not linked: counted as it follows the case opening
    services.custody_release(actor=None, episode=second, released_on=D(2025, 1, 1), release_type=ReleaseType.COURT_ORDER,
                             expected_version=1)
    sentence = DispositionFactory(case=case, decided_on=D(2025, 1, 1), term_days=365)
    services.custody_admit(actor=None, person=person, facility=FacilityFactory(), kind=CustodyKind.SENTENCED,
                           admitted_on=D(2025, 1, 1), disposition=sentence)
    return person, sentence


def test_key_dates_credit_remand_of_the_case() -> None:
    person, _sentence = _sentenced_with_remand()
    dates = selectors.key_dates(person=person, on=D(2025, 3, 1), rules=get_ruleset("england-wales"))
    assert dates is not None
    assert (dates.sentence_start, dates.remand_days, dates.remand_days_credited) == (D(2025, 1, 1), 61, 61)
    assert dates.sentence_end == D(2025, 12, 31) - dt.timedelta(days=61)
    assert dates.conditional_release == D(2025, 7, 2) - dt.timedelta(days=61)


def test_key_dates_ignore_remand_of_another_case() -> None:
    other_case = CaseFactory(opened_on=D(2024, 1, 1))
    person = other_case.person
    remand = services.custody_admit(actor=None, person=person, facility=FacilityFactory(), kind=CustodyKind.REMAND,
                                    admitted_on=D(2024, 2, 1), case=other_case)
    services.custody_release(actor=None, episode=remand, released_on=D(2024, 3, 1), release_type=ReleaseType.BAIL,
                             expected_version=1)
    sentence = DispositionFactory(case=CaseFactory(person=person, opened_on=D(2024, 6, 1)), decided_on=D(2024, 7, 1))
    services.custody_admit(actor=None, person=person, facility=FacilityFactory(), kind=CustodyKind.SENTENCED,
                           admitted_on=D(2024, 7, 1), disposition=sentence)
    dates = selectors.key_dates(person=person, on=D(2024, 8, 1))
    assert dates is not None and dates.remand_days == 0


@override_settings(REINTEGRA_KEY_DATE_RULES="parole-thirds")
def test_key_dates_use_the_configured_rule_set() -> None:
    person, _sentence = _sentenced_with_remand()
    dates = selectors.key_dates(person=person, on=D(2025, 3, 1))
    assert dates is not None and dates.rules == "parole-thirds" and dates.parole_eligibility is not None


def test_no_key_dates_without_a_current_sentence() -> None:
    assert selectors.key_dates(person=CustodyEpisodeFactory().person) is None
    assert selectors.key_dates(person=PersonFactory()) is None


def test_key_dates_follow_a_transfer() -> None:
    person, sentence = _sentenced_with_remand()
    current = person.custody_episodes.get(released_on__isnull=True)
    services.custody_transfer(actor=None, episode=current, to_facility=FacilityFactory(),
                              transferred_on=D(2025, 2, 1), expected_version=1)
    dates = selectors.key_dates(person=person, on=D(2025, 3, 1))
    assert dates is not None and dates.remand_days == 61 and dates.term_days == sentence.term_days


@pytest.mark.real_scope
def test_person_record_lists_everything_in_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:
    office = ProbationOfficeFactory()
    user = user_with_role(Role.SUPERVISOR, office)  # supervised at their office: the full record
    person = PersonFactory()
    for year in (2019, 2020, 2021):
        case = CaseFactory(person=person, opened_on=D(year, 1, 1))
        ChargeFactory(case=case, offence_date=D(year, 1, 1))
        DispositionFactory(case=case, decided_on=D(year, 2, 1))
    SupervisionPeriodFactory(person=person, office=office)
    with django_assert_max_num_queries(8):
        record = selectors.person_record(user=user, person=person)
        rendered = [(c.reference, [ch.offence.iccs_section.code for ch in c.charges.all()], len(c.dispositions.all()))
                    for c in record.cases]
        offices = [p.office.name for p in record.supervision_periods]
    assert len(rendered) == 3 and all(len(r[1]) == 1 and r[2] == 1 for r in rendered)
    assert len(offices) == 1


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VOLUNTEER, Role.PROGRAMME_STAFF])
def test_person_record_is_refused_without_justice_access(role: str) -> None:
    with pytest.raises(AccessDenied):
        selectors.person_record(user=user_with_role(role), person=PersonFactory())
