from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.versioning import history_for
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes import services
from reintegra.programmes.choices import EnrolmentStatus, ProgrammeType
from reintegra.programmes.models import Attendance, Certificate, Cohort, Enrolment, LabourDemand, Programme
from reintegra.programmes.tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def staff():
    return user_with_role(Role.PROGRAMME_STAFF)


def _state(enrolment: Enrolment) -> tuple:
    enrolment.refresh_from_db()
    return (enrolment.status, enrolment.version, enrolment.enrolled_on, enrolment.completed_on,
            Enrolment.objects.count(), Certificate.objects.count(), TimelineEvent.objects.count())


class TestProgrammeCreate:
    def test_creates_with_history_and_audit(self, staff) -> None:
        prison = FacilityFactory()
        programme = services.programme_create(
            actor=staff, name=" Welding level 1 ", type=ProgrammeType.VOCATIONAL, trade="Welding", delivery="facility",
            venue=prison, provider=prison, capacity=12, targeted_needs=["school_work"], risk_bands=["moderate", "high"],
            languages=["EN"], hours=120, certificate_title="Welding certificate")
        assert programme.name == "Welding level 1" and programme.languages == ["en"]
        assert history_for(programme).count() == 1
        assert AuditEvent.objects.filter(object_type="programmes.programme", object_id=str(programme.pk)).exists()

    def test_collects_every_error_and_saves_nothing(self, staff) -> None:
        office = OrganisationFactory(kind=OrganisationKind.PROBATION_OFFICE)
        with pytest.raises(ValidationError) as caught:
            services.programme_create(
                actor=staff, name="", type=ProgrammeType.VOCATIONAL, delivery="facility", venue=office, provider=office,
                capacity=0, targeted_needs=["astrology"], risk_bands=["extreme"], excluded_sections=["99"],
                languages=["english"], min_age=30, max_age=20)
        assert {"name", "trade", "venue", "capacity", "targeted_needs", "risk_bands", "excluded_sections",
                "languages", "max_age"} <= set(caught.value.message_dict)
        assert not Programme.objects.exists()


class TestCohortCreate:
    def test_capacity_defaults_to_the_programme(self, staff) -> None:
        programme = ProgrammeFactory(capacity=7)
        cohort = services.cohort_create(actor=staff, programme=programme, starts_on=TODAY,
                                        ends_on=TODAY + dt.timedelta(days=30), session_dates=[TODAY])
        assert cohort.capacity == 7 and cohort.session_dates == [TODAY.isoformat()]

    def test_refuses_dates_out_of_order(self, staff) -> None:
        with pytest.raises(ValidationError) as caught:
            services.cohort_create(actor=staff, programme=ProgrammeFactory(), starts_on=TODAY,
                                   ends_on=TODAY - dt.timedelta(days=1))
        assert "ends_on" in caught.value.message_dict
        assert not Cohort.objects.exists()


class TestWaitingList:
    def test_higher_risk_and_nearer_release_first(self, staff) -> None:
        cohort = CohortFactory()
        near = TODAY + dt.timedelta(days=30)
        far = TODAY + dt.timedelta(days=700)
        cases = {"very_high_near": ("very_high", near), "very_high_far": ("very_high", far),
                 "low_near": ("low", near), "moderate_none": ("moderate", None), "low_none": ("low", None)}
        made = {name: services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=staff, band=band,
                                                 release_on=release)
                for name, (band, release) in cases.items()}
        order = [e.pk for e in Enrolment.objects.filter(cohort=cohort).order_by("-priority", "requested_on", "id")]
        by_pk = {e.pk: name for name, e in made.items()}
        assert [by_pk[pk] for pk in order] == ["very_high_near", "very_high_far", "moderate_none", "low_near",
                                               "low_none"]
        assert made["low_none"].priority == Decimal("0")
        assert made["very_high_near"].priority == services.priority_score(band="very_high", release_on=near, on=TODAY)

    @override_settings(REINTEGRA_WAITING_LIST_WEIGHTS={"risk": 0.1, "release": 0.9})
    def test_weights_are_configurable(self) -> None:
        near = TODAY + dt.timedelta(days=10)
        assert services.priority_score(band="low", release_on=near, on=TODAY) > services.priority_score(
            band="very_high", release_on=None, on=TODAY)

    def test_request_is_audited_and_on_the_timeline(self, staff) -> None:
        person = PersonFactory()
        enrolment = services.enrolment_request(person=person, cohort=CohortFactory(), actor=staff, band="high")
        assert enrolment.status == EnrolmentStatus.WAITING
        assert TimelineEvent.objects.filter(person=person, kind="programme.requested").exists()
        assert AuditEvent.objects.filter(object_type="programmes.enrolment", person_id=person.pk).exists()

    def test_refuses_twice_and_ineligible(self, staff) -> None:
        cohort = CohortFactory(programme=ProgrammeFactory(risk_bands=["high"]))
        person = PersonFactory()
        services.enrolment_request(person=person, cohort=cohort, actor=staff, band="high")
        with pytest.raises(ValidationError, match="already waiting"):
            services.enrolment_request(person=person, cohort=cohort, actor=staff, band="high")
        with pytest.raises(ValidationError, match="Risk band Low"):
            services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=staff, band="low")
        assert Enrolment.objects.count() == 1


class TestAdmit:
    def test_admits_within_capacity(self, staff) -> None:
        enrolment = services.enrolment_request(person=PersonFactory(), cohort=CohortFactory(), actor=staff)
        enrolment = services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.enrolled_on == timezone.localdate()
        assert TimelineEvent.objects.filter(kind="programme.enrolled").count() == 1

    def test_over_capacity_refused_and_nothing_changes(self, staff) -> None:
        cohort = CohortFactory(capacity=1)
        first, second = (services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=staff)
                         for _ in range(2))
        services.enrolment_admit(enrolment=first, actor=staff, expected_version=first.version)
        before = _state(second)
        with pytest.raises(ValidationError, match="full"):
            services.enrolment_admit(enrolment=second, actor=staff, expected_version=second.version)
        assert _state(second) == before

    def test_twice_refused_and_nothing_changes(self, staff) -> None:
        enrolment = services.enrolment_request(person=PersonFactory(), cohort=CohortFactory(), actor=staff)
        enrolment = services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        before = _state(enrolment)
        with pytest.raises(ValidationError, match="already enrolled"):
            services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        assert _state(enrolment) == before

    def test_ineligible_refused_naming_the_rule(self, staff) -> None:
        programme = ProgrammeFactory(min_age=18, max_age=25)
        person = PersonFactory(date_of_birth=TODAY.replace(year=TODAY.year - 20))
        enrolment = services.enrolment_request(person=person, cohort=CohortFactory(programme=programme), actor=staff)
        Programme.objects.filter(pk=programme.pk).update(max_age=19)  # the rules changed while they waited
        enrolment.cohort.programme.refresh_from_db()
        before = _state(enrolment)
        with pytest.raises(ValidationError) as caught:
            services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        assert caught.value.message_dict["person"] == ["Not eligible: The maximum age is 19."]
        assert _state(enrolment) == before


class TestAttendanceCompletionDrop:
    def _enrolled(self, staff, **programme):
        cohort = CohortFactory(programme=ProgrammeFactory(**programme))
        enrolment = services.enrolment_request(person=PersonFactory(), cohort=cohort, actor=staff,
                                               on=TODAY - dt.timedelta(days=15))
        return services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version,
                                        on=TODAY - dt.timedelta(days=10))

    def test_attendance_needs_an_enrolment_and_a_session_in_range(self, staff) -> None:
        enrolment = self._enrolled(staff)
        services.attendance_record(enrolment=enrolment, session_on=TODAY - dt.timedelta(days=3), attended=False,
                                   actor=staff, note="ill")
        with pytest.raises(ValidationError) as caught:
            services.attendance_record(enrolment=enrolment, session_on=TODAY - dt.timedelta(days=20), attended=True,
                                       actor=staff)
        assert "session_on" in caught.value.message_dict
        assert Attendance.objects.count() == 1
        assert TimelineEvent.objects.filter(kind="programme.missed").count() == 1

    def test_completion_before_enrolment_refused(self, staff) -> None:
        waiting = services.enrolment_request(person=PersonFactory(), cohort=CohortFactory(), actor=staff)
        before = _state(waiting)
        with pytest.raises(ValidationError, match="never enrolled"):
            services.enrolment_complete(enrolment=waiting, actor=staff, expected_version=waiting.version)
        assert _state(waiting) == before
        enrolled = self._enrolled(staff)
        before = _state(enrolled)
        with pytest.raises(ValidationError) as caught:
            services.enrolment_complete(enrolment=enrolled, actor=staff, expected_version=enrolled.version,
                                        on=TODAY - dt.timedelta(days=11))
        assert "on" in caught.value.message_dict
        assert _state(enrolled) == before

    def test_completion_awards_the_certificate(self, staff) -> None:
        enrolment = self._enrolled(staff, certificate_title="Forklift licence")
        services.enrolment_complete(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        certificate = Certificate.objects.get()
        assert (certificate.person_id, certificate.title) == (enrolment.person_id, "Forklift licence")
        assert TimelineEvent.objects.filter(kind="programme.certificate").exists()

    def test_completion_without_certificate_records_none(self, staff) -> None:
        enrolment = self._enrolled(staff)
        services.enrolment_complete(enrolment=enrolment, actor=staff, expected_version=enrolment.version)
        assert not Certificate.objects.exists()

    def test_drop_needs_a_reason(self, staff) -> None:
        enrolment = self._enrolled(staff)
        with pytest.raises(ValidationError) as caught:
            services.enrolment_drop(enrolment=enrolment, actor=staff, expected_version=enrolment.version, reason=" ")
        assert "reason" in caught.value.message_dict
        enrolment = services.enrolment_drop(enrolment=enrolment, actor=staff, expected_version=enrolment.version,
                                            reason="Transferred to another prison")
        assert enrolment.status == EnrolmentStatus.DROPPED and enrolment.dropout_reason
        with pytest.raises(ValidationError):
            services.enrolment_complete(enrolment=enrolment, actor=staff, expected_version=enrolment.version)


class TestLabourDemandImport:
    def test_imports_every_row(self, staff) -> None:
        csv_text = "region,sector,vacancies,period\nNorth,Welding,40,2026-Q1\nSouth,Welding,5,2026-03\n"
        rows = services.labour_demand_import(csv_file=csv_text.encode(), actor=staff, source_name="lm.csv")
        assert len(rows) == 2
        north = LabourDemand.objects.get(region="North")
        assert (north.period_start, north.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        assert north.source_file == "lm.csv"

    def test_bad_rows_listed_by_number_and_field_and_nothing_imported(self, staff) -> None:
        csv_text = ("region,trade,vacancies,period\nNorth,Welding,40,2026-Q1\n,Welding,many,2026-Q5\n"
                    "South,Plumbing,3,2026-02-30/2026-01-01\n")
        with pytest.raises(ValidationError) as caught:
            services.labour_demand_import(csv_file=csv_text, actor=staff)
        errors = caught.value.message_dict["csv_file"]
        assert len(errors) == 2
        assert errors[0].startswith("Row 3:") and "region" in errors[0] and "vacancies" in errors[0]
        assert "period" in errors[0]
        assert errors[1].startswith("Row 4:") and "period" in errors[1]
        assert not LabourDemand.objects.exists()

    def test_missing_columns(self, staff) -> None:
        with pytest.raises(ValidationError, match="vacancies"):
            services.labour_demand_import(csv_file="region,trade,period\nNorth,Welding,2026\n", actor=staff)
