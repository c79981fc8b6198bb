"""The period page and its forms, the caseload page and the person-page panel: who may open them,
what they show, that each form writes through its service, and that a refused write (a contact
dated in the future, an override without a reason) comes back with its message and changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.supervision.choices import AppointmentStatus
from reintegra.supervision.models import Appointment, Condition, LevelDecision, SupervisionContact
from reintegra.supervision.services.appointments import appointment_book
from reintegra.supervision.services.conditions import condition_add
from reintegra.supervision.services.contacts import contact_record
from reintegra.supervision.tests.test_appointments import assessed, supervised

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    return supervised(starts_on=TODAY - dt.timedelta(days=60))


def url(world, suffix: str = "") -> str:
    return f"/supervision/periods/{world.period.pk}/{suffix}"


def test_officer_sees_the_period_page_with_its_nav_and_empty_states(world, client) -> None:
    client.force_login(world.officer)
    response = client.get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-current="page"' in html and "Contacts and conditions" in html
    assert "No contact recorded yet." in html and "No level set yet." in html and "No condition recorded yet." in html
    assert "Record the contact" in html
    assert AuditEvent.objects.filter(action="read", object_type="supervision_period",
                                     object_id=str(world.period.pk)).exists()


def test_page_is_refused_outside_scope_and_without_the_right(world, client) -> None:
    for user, status in ((user_with_role(Role.PROBATION_OFFICER), 404),  # another office
                         (user_with_role(Role.PROBATION_OFFICER, world.office), 404),  # a summary only
                         (user_with_role(Role.PRISON_CASE_MANAGER), 403),
                         (user_with_role(Role.VOLUNTEER, world.office), 403)):
        client.force_login(user)
        assert client.get(url(world)).status_code == status
        assert client.post(url(world, "contacts/"), {"contact_type": "office", "occurred_on": TODAY.isoformat(),
                                                     "attendance": "attended"}).status_code == status
    assert not SupervisionContact.objects.exists()


def test_supervisor_is_asked_a_purpose_then_sees_the_page(world, client) -> None:
    client.force_login(world.supervisor)
    response = client.get(url(world))
    assert response.status_code == 200 and "purpose" in response.content.decode().lower()


def test_contact_form_records_and_a_future_date_is_refused(world, client) -> None:
    client.force_login(world.officer)
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(url(world, "contacts/"), {"contact_type": "office", "occurred_on": future,
                                                     "attendance": "attended", "note": "Talked about work"})
    assert response.status_code == 400
    assert "A contact cannot be dated in the future." in response.content.decode()
    assert not SupervisionContact.objects.exists()
    response = client.post(url(world, "contacts/"), {"contact_type": "home_visit", "occurred_on": TODAY.isoformat(),
                                                     "attendance": "attended", "note": "Talked about work"})
    assert response.status_code == 302 and response["Location"] == url(world)
    contact = SupervisionContact.objects.get()
    assert (contact.contact_type, contact.held_by, contact.note) == ("home_visit", world.officer, "Talked about work")
    html = client.get(url(world)).content.decode()
    assert "Talked about work" in html and "Home visit" in html


def test_level_form_needs_a_reason_for_an_override(world, client) -> None:
    assessed(world.person, "high")
    client.force_login(world.officer)
    response = client.post(url(world, "level/"), {"level": "low", "override_reason": ""})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    assert not LevelDecision.objects.exists()
    assert client.post(url(world, "level/"), {"level": ""}).status_code == 302
    assert LevelDecision.objects.get().level == "high"
    assert "High level: a contact every 7 days." in client.get(url(world)).content.decode()


def test_condition_forms_add_end_and_void(world, client) -> None:
    client.force_login(world.officer)
    assert client.get(url(world, "conditions/")).status_code == 200
    assert client.post(url(world, "conditions/"), {"kind": "additional", "text": "Curfew 22:00-06:00"}).status_code == 302
    condition = Condition.objects.get()
    assert client.post(f"/supervision/conditions/{condition.pk}/end/", {"ends_on": TODAY.isoformat()}).status_code == 302
    response = client.post(f"/supervision/conditions/{condition.pk}/void/", {"reason": ""})
    assert response.status_code == 400
    assert client.post(f"/supervision/conditions/{condition.pk}/void/", {"reason": "Wrong person"}).status_code == 302
    condition.refresh_from_db()
    assert condition.ends_on == TODAY and condition.void_reason == "Wrong person"


def test_appointment_book_cancel_and_record_as_contact(world, client) -> None:
    client.force_login(world.officer)
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url(world, "appointments/"), {"scheduled_for": when, "contact_type": "office"}).status_code == 302
    appointment = Appointment.objects.get()
    assert client.post(f"/supervision/appointments/{appointment.pk}/cancel/", {"reason": "Clash"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    past = timezone.localtime() - dt.timedelta(days=1)
    response = client.post(url(world, "appointments/"), {"scheduled_for": past.strftime("%Y-%m-%dT%H:%M"),
                                                         "contact_type": "office"})
    assert response.status_code == 400 and "past" in response.content.decode()
    # An appointment whose time has come is offered on the contact form and recorded as its contact.
    due = Appointment.objects.create(person=world.person, period=world.period, officer=world.officer,
                                     scheduled_for=timezone.now() - dt.timedelta(hours=2), created_by=world.officer)
    assert client.post(url(world, "contacts/"), {"contact_type": "office", "occurred_on": TODAY.isoformat(),
                                                 "attendance": "attended", "appointment": due.pk}).status_code == 302
    due.refresh_from_db()
    assert due.status == AppointmentStatus.ATTENDED and due.contact == SupervisionContact.objects.get()


def test_contact_void_form(world, client) -> None:
    contact = contact_record(actor=world.officer, period=world.period, contact_type="phone", occurred_on=TODAY,
                             attendance="attended")
    client.force_login(world.officer)
    assert client.post(f"/supervision/contacts/{contact.pk}/void/", {"reason": "Entered twice"}).status_code == 302
    contact.refresh_from_db()
    assert contact.is_voided and 'data-voided' in client.get(url(world)).content.decode()


def test_person_page_panel(world, client) -> None:
    condition_add(actor=world.officer, period=world.period, kind="standard", text="Keep in touch")
    appointment_book(actor=world.officer, person=world.person, officer=world.officer, period=world.period,
                     scheduled_for=timezone.now() + dt.timedelta(days=1))
    client.force_login(world.officer)
    html = client.get(f"/people/{world.person.pk}/").content.decode()
    assert 'data-panel="supervision"' in html and f"/supervision/periods/{world.period.pk}/" in html
    assert "Overdue" in html  # no level: held to 7 days, started 60 days ago, never seen
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    assert 'data-panel="supervision"' not in client.get(f"/people/{world.person.pk}/").content.decode()


def test_caseload_page_for_officer_and_supervisor(world, client) -> None:
    client.force_login(world.officer)
    response = client.get("/supervision/caseload/")
    assert response.status_code == 200 and world.person.full_name in response.content.decode()
    assert client.get(f"/supervision/caseload/?officer={world.supervisor.pk}").status_code == 403
    assert "Nobody on this caseload is overdue" not in client.get("/supervision/caseload/?show=overdue").content.decode()
    client.force_login(world.supervisor)
    response = client.get(f"/supervision/caseload/?officer={world.officer.pk}")
    assert response.status_code == 200 and world.person.full_name in response.content.decode()
    assert "data-officer-choice" in response.content.decode()
    assert "There is nobody under open supervision" in client.get("/supervision/caseload/").content.decode()
    client.force_login(user_with_role(Role.VOLUNTEER, world.office))
    assert client.get("/supervision/caseload/").status_code == 403


def test_period_page_queries_do_not_grow_with_its_records(world, client, django_assert_max_num_queries) -> None:
    def fill(count: int) -> None:
        for day in range(count):
            contact_record(actor=world.officer, period=world.period, contact_type="office", attendance="attended",
                           occurred_on=TODAY - dt.timedelta(days=day), note=f"Contact {day}")
            condition_add(actor=world.officer, period=world.period, kind="additional", text=f"Condition {day}")

    client.force_login(world.officer)
    fill(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url(world)).status_code == 200
    fill(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(world)).status_code == 200
