from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.partners import panels
from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.models import Consent, Referral
from reintegra.partners.tests.factories import PartnerFactory, consent_for, referral_for
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = user_with_role(Role.SUPERVISOR)
    client.force_login(user)
    return user


def _person_in_scope(user):
    """A person the user may see, whatever the record-level scope rules are."""
    from reintegra.accounts.policy import scope_persons
    from reintegra.people.models import Person

    person = PersonFactory(actor=user)
    if not scope_persons(user, Person.objects.filter(pk=person.pk)).exists():
        pytest.skip("the access policy gives this role no record the test can reach")
    return person


class TestConsentPages:
    def test_record_then_withdraw(self, client, officer) -> None:
        person, partner = _person_in_scope(officer), PartnerFactory()
        response = client.post(reverse("partners:consent-create", args=[person.pk]), {
            "organisation": partner.pk, "purpose": Purpose.HEALTH, "fields": [SharedField.NAME, SharedField.HEALTH],
            "valid_from": "", "valid_until": "", "evidence": "Form C-12",
        })
        assert response.status_code == 302
        consent = Consent.objects.get()
        assert consent.fields == sorted([SharedField.NAME, SharedField.HEALTH]) and consent.recorded_by == officer
        form = client.get(reverse("partners:consent-withdraw", args=[consent.pk]))
        assert form.status_code == 200
        missing = client.post(reverse("partners:consent-withdraw", args=[consent.pk]), {"version": 1, "reason": ""})
        assert missing.status_code == 200 and "invalid-feedback" in missing.content.decode()
        done = client.post(reverse("partners:consent-withdraw", args=[consent.pk]), {"version": 1, "reason": "Asked"})
        assert done.status_code == 302
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None

    def test_refused_without_consent_rights(self, client) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        client.force_login(user_with_role(Role.ANALYST))
        response = client.post(reverse("partners:consent-create", args=[person.pk]), {
            "organisation": partner.pk, "purpose": Purpose.HEALTH, "fields": [SharedField.NAME]})
        assert response.status_code == 403
        consent = consent_for(person, partner)
        assert client.post(reverse("partners:consent-withdraw", args=[consent.pk]),
                           {"version": 1, "reason": "x"}).status_code == 403
        consent.refresh_from_db()
        assert not Consent.objects.exclude(pk=consent.pk).exists() and consent.withdrawn_at is None


class TestReferralPages:
    def test_refer_list_and_close(self, client, officer) -> None:
        person, partner = _person_in_scope(officer), PartnerFactory(name="Hope Housing")
        consent_for(person, partner)
        response = client.post(reverse("partners:referral-create", args=[person.pk]), {
            "organisation": partner.pk, "purpose": Purpose.ACCOMMODATION, "referred_on": ""})
        assert response.status_code == 302
        referral = Referral.objects.get()
        listing = client.get(reverse("partners:referral-list")).content.decode()
        assert "Hope Housing" in listing
        detail = client.get(reverse("partners:referral-detail", args=[referral.pk]))
        assert person.family_name in detail.content.decode()
        # Staff may close but not accept on the partner's behalf.
        refused = client.post(reverse("partners:referral-detail", args=[referral.pk]),
                              {"version": 1, "status": ReferralStatus.ACCEPTED})
        assert refused.status_code == 403
        closed = client.post(reverse("partners:referral-detail", args=[referral.pk]),
                             {"version": 1, "status": ReferralStatus.CLOSED, "outcome_note": "No longer needed"})
        assert closed.status_code == 302
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.CLOSED

    def test_without_consent_the_referral_is_refused_with_a_message(self, client, officer) -> None:
        person, partner = _person_in_scope(officer), PartnerFactory()
        response = client.post(reverse("partners:referral-create", args=[person.pk]), {
            "organisation": partner.pk, "purpose": Purpose.ACCOMMODATION})
        assert response.status_code == 200 and "Record consent first" in response.content.decode()
        assert not Referral.objects.exists()

    def test_partner_answers_and_sees_only_consented_fields(self, client) -> None:
        partner = PartnerFactory()
        person = PersonFactory(family_name="Takahashi")
        referral = referral_for(person, partner, fields=(SharedField.STATUS,))
        client.force_login(user_with_role(Role.PARTNER_CASEWORKER, partner))
        page = client.get(reverse("partners:referral-detail", args=[referral.pk])).content.decode()
        assert "Takahashi" not in page and f"Person #{person.pk}" in page
        response = client.post(reverse("partners:referral-detail", args=[referral.pk]),
                               {"version": 1, "status": ReferralStatus.ACCEPTED})
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.ACCEPTED

    def test_another_partner_is_refused_and_nothing_changes(self, client) -> None:
        referral = referral_for(PersonFactory(), PartnerFactory())
        client.force_login(user_with_role(Role.PARTNER_CASEWORKER, PartnerFactory()))
        assert client.get(reverse("partners:referral-detail", args=[referral.pk])).status_code == 403
        assert client.post(reverse("partners:referral-detail", args=[referral.pk]),
                           {"version": 1, "status": ReferralStatus.DECLINED}).status_code == 403
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.OPEN and referral.version == 1

    def test_list_refused_without_referral_rights(self, client) -> None:
        client.force_login(user_with_role(Role.ANALYST))
        assert client.get(reverse("partners:referral-list")).status_code == 403

    def test_list_paginates_and_has_an_empty_state(self, client, django_assert_max_num_queries) -> None:
        partner = PartnerFactory()
        client.force_login(user_with_role(Role.PARTNER_CASEWORKER, partner))
        assert "No referrals to show" in client.get(reverse("partners:referral-list")).content.decode()
        for _ in range(27):
            referral_for(PersonFactory(), partner)
        with django_assert_max_num_queries(20):
            first = client.get(reverse("partners:referral-list")).content.decode()
        assert "Page 1 of 2" in first


class TestPanel:
    def test_panel_for_staff_hidden_from_others(self, rf: RequestFactory) -> None:
        staff = user_with_role(Role.SUPERVISOR)
        person, partner = _person_in_scope(staff), PartnerFactory()
        referral_for(person, partner)
        request = rf.get("/")
        request.user = user_with_role(Role.ANALYST)
        assert panels.referrals_context(request, person) is None
        request.user = staff
        context = panels.referrals_context(request, person)
        assert context is not None and len(context["consents"]) == 1 and context["can_refer"]
        html = render_to_string("partners/panels/referrals.html", {**context, "person": person}, request=request)
        assert "Refer to a partner" in html and partner.name in html


class TestPersonPage:
    def test_the_person_page_shows_the_panel(self, client, officer) -> None:
        person, partner = _person_in_scope(officer), PartnerFactory(name="Bridges NGO")
        referral_for(person, partner)
        response = client.get(reverse("people:detail", args=[person.pk]), follow=True)
        body = response.content.decode()
        assert response.status_code == 200 and "Referrals and consent" in body
        assert "Bridges NGO" in body and reverse("partners:referral-create", args=[person.pk]) in body
