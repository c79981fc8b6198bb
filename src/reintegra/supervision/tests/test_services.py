from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from reintegra.accounts.choices import Role
from reintegra.accounts.models import User
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.justice.tests.factories import ProbationOfficeFactory, SupervisionPeriodFactory
from reintegra.supervision.models import VolunteerAssignment
from reintegra.supervision.selectors import volunteer_assignment_list
from reintegra.supervision.services import volunteer_assign, volunteer_assignment_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    office = ProbationOfficeFactory()
    officer = user_with_role(Role.PROBATION_OFFICER, office)
    person = SupervisionPeriodFactory(office=office, officer=officer).person
    return officer, user_with_role(Role.VOLUNTEER, office), person


def test_assign_is_audited_and_listed(case) -> None:
    officer, volunteer, person = case
    assignment = volunteer_assign(actor=officer, volunteer=volunteer, person=person, starts_on=dt.date(2024, 7, 1))
    assert AuditEvent.objects.filter(object_type="supervision.volunteerassignment", object_id=str(assignment.pk),
                                     person_id=person.pk).exists()
    assert list(volunteer_assignment_list(user=User.objects.get(pk=volunteer.pk))) == [assignment]
    assert list(volunteer_assignment_list(user=User.objects.get(pk=officer.pk), person=person)) == [assignment]


def test_assign_refuses_non_volunteers_duplicates_and_future_dates(case) -> None:
    officer, volunteer, person = case
    with pytest.raises(ValidationError) as error:
        volunteer_assign(actor=officer, volunteer=user_with_role(Role.PROBATION_OFFICER), person=person)
    assert "volunteer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        volunteer_assign(actor=officer, volunteer=volunteer, person=person, starts_on=dt.date(2999, 1, 1))
    assert "starts_on" in error.value.message_dict
    volunteer_assign(actor=officer, volunteer=volunteer, person=person)
    with pytest.raises(ValidationError):
        volunteer_assign(actor=User.objects.get(pk=officer.pk), volunteer=volunteer, person=person)
    assert VolunteerAssignment.objects.count() == 1


def test_only_staff_with_the_full_record_assign(case) -> None:
    officer, volunteer, person = case
    outsider = user_with_role(Role.PROBATION_OFFICER)  # another office: cannot see the person
    with pytest.raises(ValidationError):
        volunteer_assign(actor=outsider, volunteer=volunteer, person=person)
    with pytest.raises(AccessDenied):
        volunteer_assign(actor=volunteer, volunteer=volunteer, person=person)
    assert not VolunteerAssignment.objects.exists()


def test_end_checks_dates_and_reason_and_only_once(case) -> None:
    officer, volunteer, person = case
    assignment = volunteer_assign(actor=officer, volunteer=volunteer, person=person, starts_on=dt.date(2024, 7, 1))
    with pytest.raises(ValidationError) as error:
        volunteer_assignment_end(actor=officer, assignment=assignment, ended_on=dt.date(2024, 6, 1), end_reason="x")
    assert set(error.value.message_dict) == {"ended_on", "end_reason"}
    volunteer_assignment_end(actor=officer, assignment=assignment, ended_on=dt.date(2024, 8, 1), end_reason="completed")
    with pytest.raises(ValidationError):
        volunteer_assignment_end(actor=officer, assignment=assignment, ended_on=dt.date(2024, 9, 1),
                                 end_reason="completed")
    assignment.refresh_from_db()
    assert (assignment.ended_on, assignment.end_reason) == (dt.date(2024, 8, 1), "completed")
