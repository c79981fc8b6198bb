"""Objects of community supervision for the authorisation matrix's world, built through the services."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.models import User
from reintegra.accounts.tests.factories import user_with_role


def _fresh(user: Any) -> Any:
    return User.objects.get(pk=user.pk)


def matrix_supervision(world: dict[str, Any]) -> dict[str, Any]:
    """For the world's ``period`` (supervised by ``officer`` at its office) and ``user``: a
    condition, a contact, a future appointment of the period, a non-compliance event without a
    response, a volunteer profile with a training (the user's when they are a volunteer), that
    volunteer's assignment to the person and a meeting note. Returns ``condition``, ``contact``,
    ``appointment``, ``event``, ``volunteer_profile``, ``training``, ``assignment``, ``meeting``."""
    from reintegra.supervision.choices import Attendance, ConditionKind, ContactType, EventKind, Severity
    from reintegra.supervision.models import VolunteerAssignment
    from reintegra.supervision.services.appointments import appointment_book
    from reintegra.supervision.services.compliance import compliance_event_record
    from reintegra.supervision.services.conditions import condition_add
    from reintegra.supervision.services.contacts import contact_record
    from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record
    from reintegra.supervision.services.volunteer_profiles import volunteer_profile_create, volunteer_training_add
    from reintegra.supervision.services.volunteers import volunteer_assign

    period, person, officer = world["period"], world["person"], _fresh(world["officer"])
    today = timezone.localdate()
    condition = condition_add(actor=officer, period=period, kind=ConditionKind.STANDARD,
                              text="Keep in touch with the supervising officer", starts_on=period.starts_on)
    contact = contact_record(actor=_fresh(officer), period=period, contact_type=ContactType.OFFICE,
                             occurred_on=today - dt.timedelta(days=3), attendance=Attendance.ATTENDED,
                             note="Talked about the job search")
    appointment = appointment_book(
        actor=_fresh(officer), person=person, officer=_fresh(officer), period=period, office=period.office,
        scheduled_for=timezone.now() + dt.timedelta(days=7),
    )
    event = compliance_event_record(actor=_fresh(officer), period=period, kind=EventKind.MISSED_APPOINTMENT,
                                    severity=Severity.MINOR, occurred_on=today - dt.timedelta(days=2))
    user = world["user"]
    is_volunteer = user.memberships.filter(active=True, role=Role.VOLUNTEER).exists()
    volunteer = user if is_volunteer else user_with_role(Role.VOLUNTEER, period.office)
    profile = volunteer_profile_create(actor=_fresh(officer), volunteer=volunteer, office=period.office,
                                       area="Centro", languages=["es"])
    training = volunteer_training_add(actor=_fresh(officer), profile=profile, course="Induction",
                                      completed_on=today - dt.timedelta(days=60))
    assignment = VolunteerAssignment.objects.filter(volunteer=volunteer, person=person, ended_on__isnull=True).first()
    if assignment is None:
        assignment = volunteer_assign(actor=_fresh(officer), volunteer=volunteer, person=person,
                                      starts_on=today - dt.timedelta(days=30))
    meeting = volunteer_meeting_record(actor=_fresh(volunteer), assignment=assignment,
                                       met_on=today - dt.timedelta(days=1), note="Coffee and a talk about work")
    return {"condition": condition, "contact": contact, "appointment": appointment, "event": event,
            "volunteer_profile": profile, "training": training, "assignment": assignment, "meeting": meeting}
