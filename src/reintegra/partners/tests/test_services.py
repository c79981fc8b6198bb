from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import OrganisationFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import StaleEditError
from reintegra.core.versioning import history_for
from reintegra.partners import services
from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.partners.tests.factories import PartnerFactory, consent_for, referral_for
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return user_with_role(Role.PROBATION_OFFICER)


class TestReferralCreate:
    def test_needs_live_consent_for_that_organisation_and_purpose(self, officer) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        consent_for(person, partner, purpose=Purpose.EMPLOYMENT)
        with pytest.raises(ValidationError) as caught:
            services.referral_create(actor=officer, person=person, organisation=partner, purpose=Purpose.ACCOMMODATION)
        assert "organisation" in caught.value.message_dict
        assert not Referral.objects.exists()

    def test_records_history_timeline_and_a_disclosure_audit(self, officer) -> None:
        person, partner = PersonFactory(), PartnerFactory(name="Shelter North")
        referral = referral_for(person, partner, actor=officer)
        assert referral.status == ReferralStatus.OPEN and referral.referred_by == officer
        assert [v.action for v in history_for(referral)] == ["create"]
        event = TimelineEvent.objects.get(person=person, kind="referral.created")
        assert event.params["organisation"] == "Shelter North"
        disclosure = AuditEvent.objects.get(action="disclose", person_id=person.pk)
        assert disclosure.object_id == str(referral.pk)
        assert disclosure.fields == sorted([SharedField.NAME, SharedField.STATUS])
        assert "Given" not in str(disclosure.detail)  # no personal data in the audit detail

    def test_refuses_a_non_partner_organisation(self, officer) -> None:
        person = PersonFactory()
        with pytest.raises(ValidationError) as caught:
            services.referral_create(actor=officer, person=person, organisation=OrganisationFactory(),
                                     purpose=Purpose.ACCOMMODATION)
        assert "organisation" in caught.value.message_dict


class TestReferralStatus:
    def test_allowed_path_and_history(self, officer) -> None:
        referral = referral_for(PersonFactory(), PartnerFactory(), actor=officer)
        referral = services.referral_set_status(actor=officer, referral=referral, status=ReferralStatus.ACCEPTED,
                                                expected_version=1)
        referral = services.referral_set_status(actor=officer, referral=referral, status=ReferralStatus.CLOSED,
                                                expected_version=2, outcome_note="Housed.")
        assert referral.status == ReferralStatus.CLOSED and referral.closed_on == timezone.localdate()
        assert referral.outcome_note == "Housed."
        assert [v.action for v in history_for(referral)] == ["create", "update", "update"]
        assert TimelineEvent.objects.filter(kind="referral.status", person=referral.person).count() == 2

    def test_refuses_a_transition_out_of_a_final_status(self, officer) -> None:
        referral = referral_for(PersonFactory(), PartnerFactory(), actor=officer)
        referral = services.referral_set_status(actor=officer, referral=referral, status=ReferralStatus.DECLINED,
                                                expected_version=1)
        with pytest.raises(ValidationError) as caught:
            services.referral_set_status(actor=officer, referral=referral, status=ReferralStatus.ACCEPTED,
                                         expected_version=2)
        assert "status" in caught.value.message_dict
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.DECLINED and referral.version == 2

    def test_stale_edit_is_refused(self, officer) -> None:
        referral = referral_for(PersonFactory(), PartnerFactory(), actor=officer)
        services.referral_set_status(actor=officer, referral=referral, status=ReferralStatus.ACCEPTED, expected_version=1)
        with pytest.raises(StaleEditError):
            services.referral_set_status(actor=officer, referral=Referral.objects.get(pk=referral.pk),
                                         status=ReferralStatus.CLOSED, expected_version=1)


class TestConsent:
    def test_record_validates_fields_and_dates(self, officer) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        with pytest.raises(ValidationError) as caught:
            services.consent_record(actor=officer, person=person, organisation=partner, purpose=Purpose.HEALTH,
                                    fields=["identity.shoe_size"], valid_from=dt.date(2025, 1, 2),
                                    valid_until=dt.date(2025, 1, 1))
        assert {"fields", "valid_until"} <= set(caught.value.message_dict)
        assert not Consent.objects.exists()

    def test_withdrawal_needs_a_reason_and_keeps_the_row_and_history(self, officer) -> None:
        consent = consent_for(PersonFactory(), PartnerFactory(), actor=officer)
        with pytest.raises(ValidationError) as caught:
            services.consent_withdraw(actor=officer, consent=consent, expected_version=1, reason="  ")
        assert "reason" in caught.value.message_dict
        consent = services.consent_withdraw(actor=officer, consent=consent, expected_version=1, reason="Asked to stop")
        assert consent.withdrawn_at is not None and consent.withdrawn_by == officer
        assert Consent.objects.filter(pk=consent.pk).exists()
        assert [v.action for v in history_for(consent)] == ["create", "update"]
        assert AuditEvent.objects.filter(object_type="partners.consent", action="update").count() == 1
