"""Where a contact lives (latitude, longitude): optional, a pair, in range; kept by the page, the
API and the bulk service alike (allocation uses it for the distance to family)."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.people import services
from reintegra.people.models import Contact
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_page_saves_coordinates(client) -> None:
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    person = PersonFactory()
    response = client.post(reverse("people:contact-add", args=[person.pk]), {
        "name": "Mum", "relationship": "parent", "latitude": "40.4168", "longitude": "-3.7038"})
    assert response.status_code == 302
    contact = Contact.objects.get(person=person)
    assert (contact.latitude, contact.longitude) == (40.4168, -3.7038)


def test_the_page_refuses_half_a_pair_and_saves_nothing(client) -> None:
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    person = PersonFactory()
    response = client.post(reverse("people:contact-add", args=[person.pk]), {
        "name": "Mum", "relationship": "parent", "latitude": "40.4"})
    assert 'id="id_longitude_errors"' in response.content.decode()
    assert not person.contacts.exists()


def test_the_api_saves_and_returns_coordinates_and_refuses_out_of_range() -> None:
    api = APIClient()
    api.force_authenticate(user_with_role(Role.PROBATION_OFFICER))
    person = PersonFactory()
    url = f"/api/people/{person.pk}/contacts/"
    bad = api.post(url, {"name": "Mo", "relationship": "parent", "latitude": 91, "longitude": 0}, format="json")
    assert bad.status_code == 400 and "latitude" in bad.json() and not person.contacts.exists()
    created = api.post(url, {"name": "Mo", "relationship": "parent", "latitude": 10.5, "longitude": 20.25},
                       format="json")
    assert created.status_code == 201 and (created.json()["latitude"], created.json()["longitude"]) == (10.5, 20.25)
    assert [(c["latitude"], c["longitude"]) for c in api.get(url).json()] == [(10.5, 20.25)]


def test_services_refuse_half_a_pair() -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        services.contact_add(person=person, actor=None, name="Mo", relationship="parent", longitude=3.0)
    assert "latitude" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.contact_bulk_add(actor=None, rows=[
            services.ContactInput(person=person, name="Mo", relationship="parent", latitude=3.0)])
    assert "rows" in exc.value.message_dict and not person.contacts.exists()
    saved = services.contact_bulk_add(actor=None, rows=[
        services.ContactInput(person=person, name="Mo", relationship="parent", latitude=3.0, longitude=4.0)])
    assert Contact.objects.get(pk=saved[0].pk).longitude == 4.0
