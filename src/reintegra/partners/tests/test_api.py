from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.partners.tests.factories import PartnerFactory, referral_for
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _reachable_person(user):
    from reintegra.accounts.policy import scope_persons
    from reintegra.people.models import Person

    person = PersonFactory(actor=user)
    if not scope_persons(user, Person.objects.filter(pk=person.pk)).exists():
        pytest.skip("the access policy gives this role no record the test can reach")
    return person


class TestConsentAndReferralApi:
    def test_consent_referral_and_withdrawal(self) -> None:
        officer = user_with_role(Role.SUPERVISOR)
        person, partner = _reachable_person(officer), PartnerFactory()
        api = _api(officer)
        refused = api.post("/api/partners/referrals/", {"person": person.pk, "organisation": partner.pk,
                                                         "purpose": Purpose.HEALTH}, format="json")
        assert refused.status_code == 400 and "organisation" in refused.json()
        consent = api.post("/api/partners/consents/", {
            "person": person.pk, "organisation": partner.pk, "purpose": Purpose.HEALTH,
            "fields": [SharedField.NAME], "valid_from": timezone.localdate().isoformat()}, format="json")
        assert consent.status_code == 201, consent.json()
        referral = api.post("/api/partners/referrals/", {"person": person.pk, "organisation": partner.pk,
                                                          "purpose": Purpose.HEALTH}, format="json")
        assert referral.status_code == 201 and referral.json()["status"] == "open"
        withdrawn = api.post(f"/api/partners/consents/{consent.json()['id']}/withdraw/",
                             {"version": 1, "reason": "Changed mind"}, format="json")
        assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
        stale = api.post(f"/api/partners/consents/{consent.json()['id']}/withdraw/",
                         {"version": 1, "reason": "again"}, format="json")
        assert stale.status_code in (400, 409)

    def test_partner_status_change_and_stale_version(self) -> None:
        partner = PartnerFactory()
        referral = referral_for(PersonFactory(), partner)
        api = _api(user_with_role(Role.PARTNER_CASEWORKER, partner))
        listing = api.get("/api/partners/referrals/")
        assert listing.status_code == 200 and [r["id"] for r in listing.json()["results"]] == [referral.pk]
        ok = api.post(f"/api/partners/referrals/{referral.pk}/status/", {"version": 1, "status": "accepted"}, format="json")
        assert ok.status_code == 200 and ok.json()["status"] == ReferralStatus.ACCEPTED
        stale = api.post(f"/api/partners/referrals/{referral.pk}/status/", {"version": 1, "status": "closed"}, format="json")
        assert stale.status_code == 409

    def test_refused_users_get_403_and_nothing_changes(self) -> None:
        partner = PartnerFactory()
        referral = referral_for(PersonFactory(), partner)
        outsider = _api(user_with_role(Role.PARTNER_CASEWORKER, PartnerFactory()))
        assert outsider.get(f"/api/partners/referrals/{referral.pk}/").status_code == 403
        assert outsider.post(f"/api/partners/referrals/{referral.pk}/status/",
                             {"version": 1, "status": "declined"}, format="json").status_code == 403
        analyst = _api(user_with_role(Role.ANALYST))
        assert analyst.get("/api/partners/referrals/").status_code == 403
        assert analyst.post("/api/partners/consents/", {"person": referral.person_id, "organisation": partner.pk,
                                                         "purpose": "health", "fields": ["status"]},
                            format="json").status_code == 403
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.OPEN and Consent.objects.count() == 1 and Referral.objects.count() == 1
