"""Volunteers, partner caseworkers, analysts and auditors never receive fields outside their
scope. Each test walks every route of the project as that role (ids filled with the world's
person, who holds a health flag, a contact, an identifier and an offence description; see
``tests/conftest.py``) and searches every rendered page and JSON answer for those details. A
control run as the person's own officer finds them, so a missing detail is a refusal, not a
typo in the test."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from reintegra.accounts.choices import Role
from tests.conftest import CONTACT_ADDRESS, CONTACT_NAME, CONTACT_PHONE, HEALTH, IDENTIFIER, OFFENCE

pytestmark = pytest.mark.django_db

CASE_DETAILS = {"health flag": HEALTH, "contact name": CONTACT_NAME, "contact phone": CONTACT_PHONE,
                "contact address": CONTACT_ADDRESS, "offence description": OFFENCE}
SKIPPED = {"accounts/login/", "accounts/logout/", "i18n/setlang/", "admin/"}


def _client(world: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(world["user"])
    # State a purpose for the person, so pages show what the role sees rather than the prompt.
    client.post(f"/audit/purpose/{world['person'].pk}/", {"purpose": "case_management", "next": "/"})
    return client


def _walk(client: Client, routes: list[str], world: dict[str, Any], route_path: Callable[..., str]
          ) -> dict[str, str]:
    """path -> body of every route answering 200 to a GET (API reads carry ``?purpose=``)."""
    bodies = {}
    for route in routes:
        if route in SKIPPED:
            continue
        path = route_path(route, world)
        response = client.get(path + ("?purpose=case_management" if path.startswith("/api/") else ""))
        assert response.status_code != 500, path
        if response.status_code == 200:
            bodies[path] = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return bodies


def _leaks(bodies: dict[str, str], details: dict[str, str]) -> list[tuple[str, str]]:
    return [(path, label) for path, body in bodies.items() for label, text in details.items() if text in body]


def _dates(day: dt.date) -> list[str]:
    return [day.isoformat(), date_format(day, "DATE_FORMAT"), date_format(day, "SHORT_DATE_FORMAT")]


def test_control_the_persons_officer_sees_every_detail(routes, world_for, route_path) -> None:
    world = world_for(Role.PROBATION_OFFICER, with_model=False)
    bodies = _walk(_client(world), routes, world, route_path)
    found = {label for _path, label in _leaks(bodies, CASE_DETAILS | {"identifier": IDENTIFIER})}
    assert found == set(CASE_DETAILS) | {"identifier"}


def test_a_volunteer_sees_no_health_contact_or_offence_details(routes, world_for, route_path) -> None:
    world = world_for(Role.VOLUNTEER, with_model=False)
    person = world["person"]
    bodies = _walk(_client(world), routes, world, route_path)
    page = bodies[f"/people/{person.pk}/"]
    assert person.family_name in page and 'data-access="summary"' in page  # they do see who it is
    assert person.family_name in bodies[f"/api/people/{person.pk}/"]
    assert not _leaks(bodies, CASE_DETAILS)
    assert not any(path.startswith(("/justice/", "/api/justice/cases", "/api/justice/persons")) for path in bodies)


def _partner_consents(world: dict[str, Any], fields: tuple[str, ...]) -> None:
    """A further live consent of the person to the partner, covering ``fields``."""
    from reintegra.partners.tests.factories import consent_for

    consent_for(world["person"], world["partner"], fields=fields)


def _agreement(world: dict[str, Any], fields: list[str]) -> None:
    from reintegra.partners.choices import Purpose
    from reintegra.privacy.services import agreement_create

    agreement_create(actor=None, provider=world["prison"], partner=world["partner"], purpose=Purpose.ACCOMMODATION,
                     fields=fields, valid_from=timezone.localdate() - dt.timedelta(days=1),
                     signed_by="Director", document_reference="DSA-2")


def test_a_partner_sees_only_the_fields_both_consent_and_the_agreement_allow(routes, world_for, route_path) -> None:
    from reintegra.partners.choices import SharedField

    world = world_for(Role.PARTNER_CASEWORKER, with_model=False)
    person = world["person"]
    # Consent now covers much more than the agreement (name and status only) lists.
    _partner_consents(world, (SharedField.NAME, SharedField.DATE_OF_BIRTH, SharedField.IDENTIFIERS,
                              SharedField.CONTACTS, SharedField.HEALTH, SharedField.OFFENCE_SUMMARY))
    client = _client(world)
    bodies = _walk(client, routes, world, route_path)
    referral_page = bodies[f"/partners/referrals/{world['referral'].pk}/"]
    assert person.family_name in referral_page
    assert f"/people/{person.pk}/" not in bodies and f"/api/people/{person.pk}/" not in bodies
    hidden = CASE_DETAILS | {"identifier": IDENTIFIER} | {
        f"date of birth ({text})": text for text in _dates(person.date_of_birth)}
    assert not _leaks(bodies, hidden)
    # Control: once an agreement also lists the date of birth, the same page shows it.
    _agreement(world, [SharedField.NAME, SharedField.DATE_OF_BIRTH])
    page = client.get(f"/partners/referrals/{world['referral'].pk}/").content.decode()
    assert any(text in page for text in _dates(person.date_of_birth))
    assert not _leaks({"referral": page}, CASE_DETAILS | {"identifier": IDENTIFIER})


def test_a_partner_without_live_consent_sees_no_name(world_for) -> None:
    from reintegra.partners.services import consent_withdraw

    world = world_for(Role.PARTNER_CASEWORKER, with_model=False)
    consent = world["consent"]
    consent_withdraw(actor=None, consent=consent, expected_version=consent.version, reason="Withdrawn")
    response = _client(world).get(f"/partners/referrals/{world['referral'].pk}/")
    body = response.content.decode() if response.status_code == 200 else ""
    assert response.status_code in {200, 403, 404}
    assert world["person"].family_name not in body and world["person"].given_name not in body


def test_an_analyst_sees_no_names_or_identifiers_and_the_extract_is_pseudonymised(routes, world_for, route_path) -> None:
    world = world_for(Role.ANALYST)
    person = world["person"]
    client = _client(world)
    bodies = _walk(client, routes, world, route_path)
    assert "/analytics/models/" in bodies and "/privacy/extract/" in bodies
    identifying = CASE_DETAILS | {"identifier": IDENTIFIER, "given name": person.given_name,
                                  "family name": person.family_name} | {
        f"date of birth ({text})": text for text in _dates(person.date_of_birth)}
    assert not _leaks(bodies, identifying)
    response = client.post("/privacy/extract/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) >= 1 and all(row["person_key"] for row in rows)
    extract = response.content.decode()
    assert not _leaks({"extract": extract}, identifying)
    assert str(person.pk) not in {row["person_key"] for row in rows}  # keys are not the internal ids


def test_an_auditor_sees_no_person_page_and_no_case_details(routes, world_for, route_path) -> None:
    world = world_for(Role.AUDITOR, with_model=False)
    person = world["person"]
    client = _client(world)
    assert client.get(f"/people/{person.pk}/").status_code in {403, 404}
    assert client.get(f"/api/people/{person.pk}/?purpose=other").status_code in {403, 404}
    bodies = _walk(client, routes, world, route_path)
    assert not any(path.startswith(("/people/", "/api/people/", "/justice/")) for path in bodies)
    bodies[f"/audit/?person={person.pk}"] = client.get(f"/audit/?person={person.pk}").content.decode()
    assert not _leaks(bodies, CASE_DETAILS)
