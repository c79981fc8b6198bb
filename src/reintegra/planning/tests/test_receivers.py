"""A completed programme makes the person due a reassessment (planning connects the two apps)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.assessments.choices import TriggerEvent
from reintegra.assessments.models import ReassessmentTrigger
from reintegra.people.tests.factories import PersonFactory
from reintegra.programmes import services
from reintegra.programmes.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def _enrolled() -> tuple:
    staff = user_with_role(Role.PROGRAMME_STAFF)
    today = timezone.localdate()
    enrolment = services.enrolment_request(person=PersonFactory(), cohort=CohortFactory(), actor=staff,
                                           on=today - dt.timedelta(days=15))
    enrolment = services.enrolment_admit(enrolment=enrolment, actor=staff, expected_version=enrolment.version,
                                         on=today - dt.timedelta(days=10))
    return staff, enrolment


def test_completing_a_programme_records_a_reassessment_trigger() -> None:
    staff, enrolment = _enrolled()
    on = timezone.localdate() - dt.timedelta(days=1)
    services.enrolment_complete(enrolment=enrolment, actor=staff, expected_version=enrolment.version, on=on)
    trigger = ReassessmentTrigger.objects.get()
    assert (trigger.person_id, trigger.event, trigger.occurred_on) == (enrolment.person_id,
                                                                       TriggerEvent.PROGRAMME_COMPLETION, on)
    assert trigger.source == f"programmes.enrolment:{enrolment.pk}" and trigger.recorded_by == staff


def test_dropping_out_records_none() -> None:
    staff, enrolment = _enrolled()
    services.enrolment_drop(enrolment=enrolment, actor=staff, expected_version=enrolment.version, reason="Moved")
    assert not ReassessmentTrigger.objects.exists()
