from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import OrganisationFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.partners.choices import Purpose, SharedField
from reintegra.partners.tests.factories import PartnerFactory
from reintegra.people.models import Person
from reintegra.privacy.models import DataSharingAgreement, Pseudonymisation, RetentionRule
from reintegra.privacy.tests.factories import person_with_history

pytestmark = pytest.mark.django_db


def _login(client, role):
    user = user_with_role(role)
    client.force_login(user)
    return user


def _agreement_data(**overrides):
    data = {"provider": OrganisationFactory().pk, "partner": PartnerFactory().pk, "purpose": Purpose.ACCOMMODATION,
            "fields": [SharedField.NAME, SharedField.STATUS], "valid_from": "2025-01-01",
            "signed_by": "A. Director", "document_reference": "DSA-9"}
    return data | overrides


class TestAgreements:
    def test_create_and_edit(self, client) -> None:
        _login(client, Role.SYSTEM_ADMIN)
        assert "No agreements yet" in client.get(reverse("privacy:agreement-list")).content.decode()
        response = client.post(reverse("privacy:agreement-create"), _agreement_data())
        assert response.status_code == 302
        agreement = DataSharingAgreement.objects.get()
        page = client.get(reverse("privacy:agreement-list")).content.decode()
        assert "DSA-9" in page
        response = client.post(reverse("privacy:agreement-edit", args=[agreement.pk]),
                               _agreement_data(fields=[SharedField.NAME], version=1))
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.fields == [SharedField.NAME] and agreement.version == 2

    def test_errors_show_next_to_fields(self, client) -> None:
        _login(client, Role.SYSTEM_ADMIN)
        response = client.post(reverse("privacy:agreement-create"), _agreement_data(fields=[], signed_by=""))
        assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
        assert not DataSharingAgreement.objects.exists()

    def test_refused_without_sharing_edit(self, client) -> None:
        _login(client, Role.PROBATION_OFFICER)
        assert client.get(reverse("privacy:agreement-list")).status_code == 403
        assert client.post(reverse("privacy:agreement-create"), _agreement_data()).status_code == 403
        assert not DataSharingAgreement.objects.exists()


class TestSubjectAccess:
    def test_screen_and_downloads_are_audited(self, client) -> None:
        person = person_with_history(family_name="Ellingham")
        requester = _login(client, Role.SUPERVISOR)
        page = client.post(reverse("privacy:subject-access"), {"person": person.pk, "output": "screen"})
        body = page.content.decode()
        assert page.status_code == 200 and "Ellingham" in body and "Who accessed or changed the record" in body
        assert "style=" not in body
        download = client.post(reverse("privacy:subject-access"), {"person": person.pk, "output": "json"})
        assert download["Content-Type"].startswith("application/json")
        assert download.json()["person_id"] == person.pk
        assert AuditEvent.objects.filter(action="export", person_id=person.pk, actor=requester).count() == 2

    def test_unknown_person_is_a_field_error(self, client) -> None:
        _login(client, Role.SUPERVISOR)
        response = client.post(reverse("privacy:subject-access"), {"person": 999999, "output": "screen"})
        assert "There is no person with this id" in response.content.decode()

    @pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.AUDITOR])
    def test_refused_and_nothing_logged_as_export(self, client, role) -> None:
        person = person_with_history()
        _login(client, role)  # an inspector sees who accessed what, not the whole record
        response = client.post(reverse("privacy:subject-access"), {"person": person.pk, "output": "json"})
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action="export").exists()


class TestRetention:
    def test_preview_then_confirmed_run(self, client) -> None:
        person = person_with_history(released_on=dt.date(2012, 1, 1))
        RetentionRule.objects.create(name="one year", years_after_last_episode=1)
        _login(client, Role.SYSTEM_ADMIN)
        page = client.get(reverse("privacy:retention")).content.decode()
        assert str(person.pk) in page and person.family_name not in page
        unconfirmed = client.post(reverse("privacy:retention"), {})
        assert unconfirmed.status_code == 200 and not Pseudonymisation.objects.exists()
        done = client.post(reverse("privacy:retention"), {"confirm": "on"})
        assert done.status_code == 302
        assert Person.objects.get(pk=person.pk).given_name == "Pseudonymised"
        assert AuditEvent.objects.filter(action="retention", person_id=person.pk).count() == 1

    def test_refused_without_retention_run(self, client) -> None:
        person = person_with_history(released_on=dt.date(2012, 1, 1))
        RetentionRule.objects.create(name="one year", years_after_last_episode=1)
        _login(client, Role.SUPERVISOR)
        assert client.post(reverse("privacy:retention"), {"confirm": "on"}).status_code == 403
        assert not Pseudonymisation.objects.exists()
        assert Person.objects.get(pk=person.pk).version == person.version


class TestExtract:
    def test_download_is_audited_and_de_identified(self, client) -> None:
        person = person_with_history(family_name="Oyelaran")
        _login(client, Role.ANALYST)
        assert client.get(reverse("privacy:extract")).status_code == 200
        response = client.post(reverse("privacy:extract"))
        text = response.content.decode()
        assert response["Content-Type"].startswith("text/csv")
        assert "Oyelaran" not in text and person.given_name not in text
        assert AuditEvent.objects.filter(action="export", object_type="privacy.extract").count() == 1

    def test_refused_without_analytics_view(self, client) -> None:
        _login(client, Role.PROBATION_OFFICER)
        assert client.post(reverse("privacy:extract")).status_code == 403
        assert not AuditEvent.objects.filter(action="export").exists()


class TestPartnerSeesOnlyAgreedFields:
    def test_referral_page_shows_consent_and_agreement_fields_only_and_is_audited(self, client) -> None:
        from reintegra.partners import services as partner_services
        from reintegra.partners.models import Consent
        from reintegra.partners.tests.factories import referral_for
        from reintegra.people import services as people
        from reintegra.people.choices import FlagCategory, IdentifierKind
        from reintegra.privacy import services as privacy

        partner = PartnerFactory()
        person = person_with_history(family_name="Abernathy", date_of_birth=dt.date(1979, 3, 14))
        people.identifier_add(person=person, actor=None, kind=IdentifierKind.NATIONAL_ID, value="NID-424242")
        people.flag_add(person=person, actor=None, category=FlagCategory.MENTAL_HEALTH, description="Sees a doctor")
        referral = referral_for(person, partner, fields=(
            SharedField.NAME, SharedField.STATUS, SharedField.HEALTH, SharedField.OFFENCE_SUMMARY))
        privacy.agreement_create(
            actor=None, provider=OrganisationFactory(), partner=partner, purpose=Purpose.ACCOMMODATION,
            fields=[SharedField.NAME, SharedField.STATUS, SharedField.IDENTIFIERS, SharedField.OFFENCE_SUMMARY],
            valid_from=dt.date(2020, 1, 1), signed_by="Director", document_reference="DSA-1")
        client.force_login(user_with_role(Role.PARTNER_CASEWORKER, partner))
        body = client.get(reverse("partners:referral-detail", args=[referral.pk])).content.decode()
        # Consent and agreement both allow: name, status, offence summary.
        assert "Abernathy" in body and "Current status" in body and "Acts against property only: 1" in body
        # Consent allows health but the agreement does not; the agreement allows identifiers but consent does not.
        assert "Mental health" not in body and "Sees a doctor" not in body and "NID-424242" not in body
        # Never shared: date of birth, case reference, charge description.
        assert "1979" not in body and "SECRET" not in body and "neighbour" not in body
        entry = AuditEvent.objects.filter(action="disclose", object_type="partners.referral").latest("id")
        assert entry.fields == sorted([SharedField.NAME, SharedField.STATUS, SharedField.OFFENCE_SUMMARY])

        consent = Consent.objects.get(person=person)
        partner_services.consent_withdraw(actor=None, consent=consent, expected_version=1, reason="Withdrawn")
        body = client.get(reverse("partners:referral-detail", args=[referral.pk])).content.decode()
        assert "Abernathy" not in body and "Current status" not in body and f"Person #{person.pk}" in body
