from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory, user_with_role
from reintegra.core.errors import StaleEditError
from reintegra.core.versioning import history_for
from reintegra.justice import services
from reintegra.justice.choices import (
    ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.justice.tests.factories import (
    CaseFactory, ChargeFactory, CourtFactory, CustodyEpisodeFactory, DispositionFactory, NationalOffenceFactory,
    ProbationOfficeFactory, SupervisionPeriodFactory, iccs_section,
)
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory
from reintegra.people.timeline import describe

pytestmark = pytest.mark.django_db

D = dt.date


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def _events(person, kind: str) -> list[TimelineEvent]:
    return list(TimelineEvent.objects.filter(person=person, kind=kind))


# --- offences --------------------------------------------------------------------------------

def test_national_code_maps_to_an_iccs_section() -> None:
    code = services.offence_category_create(actor=None, code="TH-1", name="Theft of a bicycle", iccs_section=iccs_section("05"))
    assert (code.is_national, code.iccs_section.code, code.level) == (True, "05", 1)


def test_national_code_must_map_to_a_level_one_section() -> None:
    national = NationalOffenceFactory()
    with pytest.raises(ValidationError) as caught:
        services.offence_category_create(actor=None, code="X-1", name="Nested", iccs_section=national)
    assert "iccs_section" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.offence_category_create(actor=None, code=national.code, name="Again", iccs_section=iccs_section("01"))
    assert "code" in caught.value.message_dict
    assert not OffenceCategory.objects.filter(code="X-1").exists()


def test_unmapped_offence_is_refused_for_a_charge() -> None:
    case = CaseFactory()
    unmapped = OffenceCategory.objects.create(code="ZZ", name="Legacy code", is_national=True)
    with pytest.raises(ValidationError) as caught:
        services.charge_add(actor=None, case=case, offence=unmapped, offence_date=D(2024, 1, 1))
    assert "offence" in caught.value.message_dict
    assert not Charge.objects.exists()


# --- cases, charges, dispositions --------------------------------------------------------------

def test_case_open_records_history_and_timeline() -> None:
    actor = user_with_role(Role.PROBATION_OFFICER)
    person = PersonFactory()
    case = services.case_open(actor=actor, person=person, reference="R-1", opened_on=D(2024, 2, 1), court=CourtFactory())
    assert [h.action for h in history_for(case)] == ["create"]
    (event,) = _events(person, "case.opened")
    assert (event.occurred_on, event.actor, event.object_id) == (D(2024, 2, 1), actor, str(case.pk))
    assert describe(event) == "Case R-1 opened"


def test_case_in_the_future_or_with_a_non_court_is_refused() -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        services.case_open(actor=None, person=person, reference="R-1", opened_on=_tomorrow(), court=FacilityFactory())
    assert set(caught.value.message_dict) == {"opened_on", "court"}
    assert not Case.objects.exists()


def test_duplicate_reference_for_one_person_is_refused() -> None:
    case = CaseFactory(reference="R-9")
    with pytest.raises(ValidationError) as caught:
        services.case_open(actor=None, person=case.person, reference="R-9", opened_on=D(2024, 1, 1))
    assert "reference" in caught.value.message_dict


def test_charge_outcome_is_versioned_and_stale_edits_are_refused() -> None:
    charge = ChargeFactory()
    services.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                                outcome_date=D(2024, 3, 1), expected_version=1)
    charge.refresh_from_db()
    assert (charge.outcome, charge.version) == (ChargeOutcome.CONVICTED, 2)
    with pytest.raises(StaleEditError):
        services.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.ACQUITTED,
                                    outcome_date=D(2024, 3, 2), expected_version=1)
    charge.refresh_from_db()
    assert charge.outcome == ChargeOutcome.CONVICTED
    assert len(_events(charge.case.person, "charge.outcome")) == 1


def test_charge_outcome_before_the_offence_or_without_date_is_refused() -> None:
    charge = ChargeFactory(offence_date=D(2024, 1, 5))
    with pytest.raises(ValidationError) as caught:
        services.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                                    outcome_date=D(2024, 1, 4), expected_version=1)
    assert "outcome_date" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.charge_set_outcome(actor=None, charge=charge, outcome=ChargeOutcome.CONVICTED,
                                    outcome_date=None, expected_version=1)
    assert "outcome_date" in caught.value.message_dict


@pytest.mark.parametrize(
    ("kind", "fields", "bad_field"),
    [
        (DispositionKind.CUSTODIAL, {}, "term_days"),
        (DispositionKind.SUSPENDED, {"term_days": 0}, "term_days"),
        (DispositionKind.FINE, {}, "fine_amount"),
        (DispositionKind.FINE, {"fine_amount": Decimal("100"), "hours": 10}, "hours"),
        (DispositionKind.COMMUNITY_SERVICE, {}, "hours"),
        (DispositionKind.CONDITIONAL_DISCHARGE, {"fine_amount": Decimal("5")}, "fine_amount"),
        (DispositionKind.ACQUITTAL, {"term_days": 30}, "term_days"),
    ],
)
def test_disposition_fields_must_fit_the_kind(kind: str, fields: dict, bad_field: str) -> None:
    case = CaseFactory()
    with pytest.raises(ValidationError) as caught:
        services.disposition_record(actor=None, case=case, kind=kind, decided_on=D(2024, 3, 1), **fields)
    assert bad_field in caught.value.message_dict
    assert not Disposition.objects.exists()


def test_disposition_dates_are_checked() -> None:
    case = CaseFactory(opened_on=D(2024, 1, 10))
    with pytest.raises(ValidationError) as caught:
        services.disposition_record(actor=None, case=case, kind=DispositionKind.FINE, decided_on=D(2024, 1, 9),
                                    fine_amount=Decimal("50"))
    assert "decided_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.disposition_record(actor=None, case=case, kind=DispositionKind.CUSTODIAL, decided_on=_tomorrow(),
                                    term_days=10)
    assert "decided_on" in caught.value.message_dict


def test_valid_dispositions_of_each_kind_are_recorded() -> None:
    case = CaseFactory()
    fine = services.disposition_record(actor=None, case=case, kind=DispositionKind.FINE, decided_on=D(2024, 3, 1),
                                       fine_amount=Decimal("250.00"))
    order = services.disposition_record(actor=None, case=case, kind=DispositionKind.COMMUNITY_SERVICE,
                                        decided_on=D(2024, 3, 1), hours=120, term_days=365)
    assert (fine.person, order.hours) == (case.person, 120)
    assert len(_events(case.person, "disposition.recorded")) == 2


# --- custody -----------------------------------------------------------------------------------

def test_admit_release_records_history_and_timeline() -> None:
    episode = CustodyEpisodeFactory(admitted_on=D(2024, 1, 10))
    released = services.custody_release(actor=None, episode=episode, released_on=D(2024, 2, 1),
                                        release_type=ReleaseType.BAIL, expected_version=1)
    assert (released.released_on, released.version) == (D(2024, 2, 1), 2)
    assert [h.action for h in history_for(released)] == ["create", "update"]
    assert len(_events(episode.person, "custody.admitted")) == 1
    (event,) = _events(episode.person, "custody.released")
    assert "Bail or pretrial release" in describe(event)


def test_overlapping_custody_is_refused_and_nothing_saved() -> None:
    episode = CustodyEpisodeFactory(admitted_on=D(2024, 1, 10))
    with pytest.raises(ValidationError) as caught:
        services.custody_admit(actor=None, person=episode.person, facility=FacilityFactory(),
                               kind=CustodyKind.REMAND, admitted_on=D(2024, 3, 1))
    assert "admitted_on" in caught.value.message_dict
    assert CustodyEpisode.objects.count() == 1
    assert len(_events(episode.person, "custody.admitted")) == 1


def test_admission_inside_a_closed_past_stay_is_refused_but_after_it_is_fine() -> None:
    episode = CustodyEpisodeFactory(admitted_on=D(2024, 1, 10))
    services.custody_release(actor=None, episode=episode, released_on=D(2024, 2, 10),
                             release_type=ReleaseType.BAIL, expected_version=1)
    with pytest.raises(ValidationError):
        services.custody_admit(actor=None, person=episode.person, facility=episode.facility,
                               kind=CustodyKind.REMAND, admitted_on=D(2024, 2, 1))
    later = services.custody_admit(actor=None, person=episode.person, facility=episode.facility,
                                   kind=CustodyKind.REMAND, admitted_on=D(2024, 2, 10))
    assert later.pk


def test_release_before_admission_is_refused_and_nothing_changed() -> None:
    episode = CustodyEpisodeFactory(admitted_on=D(2024, 1, 10))
    with pytest.raises(ValidationError) as caught:
        services.custody_release(actor=None, episode=episode, released_on=D(2024, 1, 9),
                                 release_type=ReleaseType.BAIL, expected_version=1)
    assert "released_on" in caught.value.message_dict
    episode.refresh_from_db()
    assert (episode.released_on, episode.version) == (None, 1)
    assert not _events(episode.person, "custody.released")


def test_release_needs_a_release_type_and_no_future_date() -> None:
    episode = CustodyEpisodeFactory()
    with pytest.raises(ValidationError) as caught:
        services.custody_release(actor=None, episode=episode, released_on=D(2024, 2, 1), release_type="",
                                 expected_version=1)
    assert "release_type" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.custody_release(actor=None, episode=episode, released_on=_tomorrow(),
                                 release_type=ReleaseType.BAIL, expected_version=1)
    assert "released_on" in caught.value.message_dict


def test_future_admission_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        services.custody_admit(actor=None, person=PersonFactory(), facility=FacilityFactory(),
                               kind=CustodyKind.REMAND, admitted_on=_tomorrow())
    assert "admitted_on" in caught.value.message_dict
    assert not CustodyEpisode.objects.exists()


def test_custody_only_in_a_prison_and_sentenced_stays_link_custodial_sentences() -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        services.custody_admit(actor=None, person=person, facility=ProbationOfficeFactory(),
                               kind=CustodyKind.REMAND, admitted_on=D(2024, 1, 1))
    assert "facility" in caught.value.message_dict
    fine = DispositionFactory(case=CaseFactory(person=person), kind=DispositionKind.FINE, term_days=None,
                              fine_amount=Decimal("10"))
    with pytest.raises(ValidationError) as caught:
        services.custody_admit(actor=None, person=person, facility=FacilityFactory(),
                               kind=CustodyKind.SENTENCED, admitted_on=D(2024, 3, 1), disposition=fine)
    assert "disposition" in caught.value.message_dict
    someone_else = DispositionFactory()
    with pytest.raises(ValidationError) as caught:
        services.custody_admit(actor=None, person=person, facility=FacilityFactory(),
                               kind=CustodyKind.SENTENCED, admitted_on=D(2024, 3, 1), disposition=someone_else)
    assert "disposition" in caught.value.message_dict
    assert not CustodyEpisode.objects.exists()


def test_sentenced_stay_takes_its_case_from_the_sentence() -> None:
    sentence = DispositionFactory()
    episode = services.custody_admit(actor=None, person=sentence.person, facility=FacilityFactory(),
                                     kind=CustodyKind.SENTENCED, admitted_on=D(2024, 3, 1), disposition=sentence)
    assert episode.case == sentence.case


def test_transfer_ends_the_stay_and_opens_one_at_the_new_facility_the_same_day() -> None:
    sentence = DispositionFactory()
    first = services.custody_admit(actor=None, person=sentence.person, facility=FacilityFactory(),
                                   kind=CustodyKind.SENTENCED, admitted_on=D(2024, 3, 1), disposition=sentence)
    destination = FacilityFactory()
    second = services.custody_transfer(actor=None, episode=first, to_facility=destination,
                                       transferred_on=D(2024, 5, 1), expected_version=1)
    first.refresh_from_db()
    assert (first.released_on, first.release_type) == (D(2024, 5, 1), ReleaseType.TRANSFER)
    assert (second.facility, second.admitted_on, second.released_on) == (destination, D(2024, 5, 1), None)
    assert (second.kind, second.disposition, second.case) == (CustodyKind.SENTENCED, sentence, sentence.case)
    (event,) = _events(sentence.person, "custody.transferred")
    assert describe(event) == f"Transferred from {first.facility.name} to {destination.name}"


def test_transfer_is_refused_to_a_non_prison_the_same_facility_or_when_stale() -> None:
    episode = CustodyEpisodeFactory()
    with pytest.raises(ValidationError) as caught:
        services.custody_transfer(actor=None, episode=episode, to_facility=ProbationOfficeFactory(),
                                  transferred_on=D(2024, 2, 1), expected_version=1)
    assert "to_facility" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.custody_transfer(actor=None, episode=episode, to_facility=episode.facility,
                                  transferred_on=D(2024, 2, 1), expected_version=1)
    assert "to_facility" in caught.value.message_dict
    with pytest.raises(StaleEditError):
        services.custody_transfer(actor=None, episode=episode, to_facility=FacilityFactory(),
                                  transferred_on=D(2024, 2, 1), expected_version=7)
    assert CustodyEpisode.objects.count() == 1
    episode.refresh_from_db()
    assert episode.released_on is None


def test_release_by_transfer_must_use_transfer() -> None:
    episode = CustodyEpisodeFactory()
    with pytest.raises(ValidationError) as caught:
        services.custody_release(actor=None, episode=episode, released_on=D(2024, 2, 1),
                                 release_type=ReleaseType.TRANSFER, expected_version=1)
    assert "release_type" in caught.value.message_dict


def test_writes_for_a_merged_person_are_refused() -> None:
    from reintegra.people.services import person_merge

    source, target = PersonFactory(), PersonFactory()
    person_merge(source=source, target=target, actor=None, reason="duplicate")
    with pytest.raises(ValidationError) as caught:
        services.case_open(actor=None, person=source, reference="R", opened_on=D(2024, 1, 1))
    assert "person" in caught.value.message_dict


# --- supervision -------------------------------------------------------------------------------

def test_supervision_start_and_end() -> None:
    officer = user_with_role(Role.PROBATION_OFFICER)
    period = SupervisionPeriodFactory(officer=officer, expected_end_on=D(2025, 6, 1))
    ended = services.supervision_end(actor=officer, period=period, ended_on=D(2024, 12, 1),
                                     end_reason=SupervisionEnd.COMPLETED, expected_version=1)
    assert (ended.ended_on, ended.end_reason, ended.version) == (D(2024, 12, 1), "completed", 2)
    (event,) = _events(period.person, "supervision.ended")
    assert describe(event) == "Supervision ended (Probation): Completed"


def test_supervision_office_must_be_probation() -> None:
    for kind in (OrganisationKind.PRISON, OrganisationKind.COURT, OrganisationKind.NGO):
        with pytest.raises(ValidationError) as caught:
            services.supervision_start(actor=None, person=PersonFactory(), kind=SupervisionKind.PROBATION,
                                       office=OrganisationFactory(kind=kind), starts_on=D(2024, 1, 1))
        assert "office" in caught.value.message_dict
    service = OrganisationFactory(kind=OrganisationKind.PROBATION_SERVICE)
    assert services.supervision_start(actor=None, person=PersonFactory(), kind=SupervisionKind.PAROLE,
                                      office=service, starts_on=D(2024, 1, 1)).pk


def test_overlapping_supervision_of_the_same_kind_is_refused_but_other_kinds_may_run_alongside() -> None:
    period = SupervisionPeriodFactory(starts_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.supervision_start(actor=None, person=period.person, kind=period.kind, office=period.office,
                                   starts_on=D(2024, 5, 1))
    assert "starts_on" in caught.value.message_dict
    alongside = services.supervision_start(actor=None, person=period.person, kind=SupervisionKind.LICENCE,
                                           office=period.office, starts_on=D(2024, 5, 1))
    assert alongside.pk
    assert SupervisionPeriod.objects.filter(person=period.person).count() == 2


def test_supervision_end_checks_dates_reason_and_version() -> None:
    period = SupervisionPeriodFactory(starts_on=D(2024, 6, 1))
    for ended_on, reason, field in [
        (D(2024, 5, 1), SupervisionEnd.COMPLETED, "ended_on"),
        (_tomorrow(), SupervisionEnd.COMPLETED, "ended_on"),
        (D(2024, 7, 1), "", "end_reason"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.supervision_end(actor=None, period=period, ended_on=ended_on, end_reason=reason,
                                     expected_version=1)
        assert field in caught.value.message_dict
    with pytest.raises(StaleEditError):
        services.supervision_end(actor=None, period=period, ended_on=D(2024, 7, 1),
                                 end_reason=SupervisionEnd.REVOKED, expected_version=3)
    period.refresh_from_db()
    assert (period.ended_on, period.version) == (None, 1)


# --- merge -------------------------------------------------------------------------------------

def test_merge_moves_cases_custody_and_supervision_to_the_target() -> None:
    from reintegra.people.services import person_merge

    source, target = PersonFactory(), PersonFactory()
    sentence = DispositionFactory(case=CaseFactory(person=source))
    episode = services.custody_admit(actor=None, person=source, facility=FacilityFactory(),
                                     kind=CustodyKind.SENTENCED, admitted_on=D(2024, 3, 1), disposition=sentence)
    period = SupervisionPeriodFactory(person=source)
    person_merge(source=source, target=target, actor=user_with_role(Role.SUPERVISOR), reason="same person")
    assert list(Case.objects.filter(person=target)) == [sentence.case]
    assert list(CustodyEpisode.objects.filter(person=target)) == [episode]
    assert list(Disposition.objects.filter(person=target)) == [sentence]
    assert list(SupervisionPeriod.objects.filter(person=target)) == [period]
    assert not Case.objects.filter(person=source).exists()
