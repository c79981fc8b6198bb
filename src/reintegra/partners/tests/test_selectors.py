from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.core.errors import AccessDenied
from reintegra.partners import selectors, services
from reintegra.partners.choices import Purpose, ReferralStatus, SharedField
from reintegra.partners.tests.factories import PartnerFactory, consent_for, referral_for
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


class TestConsentLive:
    def test_withdrawal_takes_effect_at_once(self) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        consent = consent_for(person, partner)
        assert selectors.consent_live(person=person, organisation=partner) == consent
        services.consent_withdraw(actor=None, consent=consent, expected_version=1, reason="Withdrawn by phone")
        assert selectors.consent_live(person=person, organisation=partner) is None
        assert not selectors.consent_live_person_ids(organisation_ids=[partner.pk]).exists()

    def test_respects_dates_purpose_and_organisation(self) -> None:
        person, partner, other = PersonFactory(), PartnerFactory(), PartnerFactory()
        today = timezone.localdate()
        consent_for(person, partner, valid_from=today - dt.timedelta(days=10), valid_until=today - dt.timedelta(days=1))
        assert selectors.consent_live(person=person, organisation=partner) is None
        assert selectors.consent_live(person=person, organisation=partner, on=today - dt.timedelta(days=5))
        live = consent_for(person, partner, purpose=Purpose.HEALTH)
        assert selectors.consent_live(person=person, organisation=partner, purpose=Purpose.HEALTH) == live
        assert selectors.consent_live(person=person, organisation=partner, purpose=Purpose.EMPLOYMENT) is None
        assert selectors.consent_live(person=person, organisation=other) is None


class TestPartnerPersons:
    def test_needs_live_referral_and_live_consent_to_the_same_organisation(self) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        referral = referral_for(person, partner)
        assert list(selectors.referral_live_person_ids(organisation_ids=[partner.pk])) == [person.pk]
        assert list(selectors.partner_person_ids(organisation_ids=[partner.pk])) == [person.pk]
        services.referral_set_status(actor=None, referral=referral, status=ReferralStatus.CLOSED, expected_version=1)
        assert not selectors.referral_live_person_ids(organisation_ids=[partner.pk]).exists()
        assert not selectors.partner_person_ids(organisation_ids=[partner.pk]).exists()

    def test_withdrawn_consent_cuts_the_partner_off(self) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        referral_for(person, partner)
        consent = selectors.consent_live(person=person, organisation=partner)
        services.consent_withdraw(actor=None, consent=consent, expected_version=1, reason="No longer")
        assert selectors.referral_live_person_ids(organisation_ids=[partner.pk]).exists()  # referral still open
        assert not selectors.partner_person_ids(organisation_ids=[partner.pk]).exists()
        assert selectors.partner_visible_fields(person=person, organisation=partner) == set()

    def test_visible_fields_are_consent_narrowed_by_each_registered_limit(self, monkeypatch) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        referral_for(person, partner, fields=(SharedField.NAME, SharedField.KEY_DATES))
        monkeypatch.setattr(selectors, "_FIELD_LIMITS", {})
        assert selectors.partner_visible_fields(person=person, organisation=partner) == {
            SharedField.NAME, SharedField.KEY_DATES}
        selectors.register_field_limit("test", lambda organisation, on: {SharedField.KEY_DATES, SharedField.HEALTH})
        assert selectors.partner_visible_fields(person=person, organisation=partner) == {SharedField.KEY_DATES}


class TestReferralList:
    def test_partner_sees_only_referrals_to_own_organisation(self) -> None:
        partner, other = PartnerFactory(), PartnerFactory()
        caseworker = user_with_role(Role.PARTNER_CASEWORKER, partner)
        mine = referral_for(PersonFactory(), partner)
        theirs = referral_for(PersonFactory(), other)
        assert list(selectors.referral_list(user=caseworker)) == [mine]
        with pytest.raises(AccessDenied):
            selectors.referral_get(user=caseworker, pk=theirs.pk)

    def test_users_without_referral_rights_see_none(self) -> None:
        referral_for(PersonFactory(), PartnerFactory())
        assert not selectors.referral_list(user=user_with_role(Role.ANALYST)).exists()


class TestReferralListOfOnePerson:
    """``referral_list(person=...)`` reads the person's own referrals: all of them for staff who
    refer and see the person, only those to their own organisation for a partner caseworker."""

    def _staff_and_person(self):
        from reintegra.accounts.policy import person_access

        staff = user_with_role(Role.SUPERVISOR)
        person = PersonFactory(actor=staff)
        if not person_access(staff, person).visible:
            pytest.skip("the access policy gives this role no record the test can reach")
        return staff, person

    def test_staff_who_see_the_person_get_every_referral_of_that_person_only(self) -> None:
        staff, person = self._staff_and_person()
        one, two = referral_for(person, PartnerFactory()), referral_for(person, PartnerFactory())
        referral_for(PersonFactory(actor=staff), PartnerFactory())  # someone else's
        assert set(selectors.referral_list(user=staff, person=person)) == {one, two}

    def test_staff_outside_the_persons_scope_get_none(self) -> None:
        person = PersonFactory()
        referral_for(person, PartnerFactory())
        outsider = user_with_role(Role.SUPERVISOR)
        assert list(selectors.referral_list(user=outsider, person=person)) == []
        with pytest.raises(AccessDenied):
            selectors.consent_list(user=outsider, person=person)

    def test_partner_caseworker_gets_only_referrals_to_own_organisation(self) -> None:
        partner = PartnerFactory()
        caseworker = user_with_role(Role.PARTNER_CASEWORKER, partner)
        person = PersonFactory()
        mine = referral_for(person, partner)
        referral_for(person, PartnerFactory())
        assert list(selectors.referral_list(user=caseworker, person=person)) == [mine]

    def test_status_filter_applies_to_one_persons_referrals(self) -> None:
        staff, person = self._staff_and_person()
        kept = referral_for(person, PartnerFactory())
        assert list(selectors.referral_list(user=staff, person=person, status=ReferralStatus.OPEN)) == [kept]
        assert list(selectors.referral_list(user=staff, person=person, status=ReferralStatus.CLOSED)) == []

    def test_an_access_check_already_made_is_reused(self, django_assert_num_queries) -> None:
        from reintegra.accounts.policy import person_access

        staff, person = self._staff_and_person()
        referral_for(person, PartnerFactory())  # with its consent
        person_access(staff, person)  # as the person page does when it loads the person
        with django_assert_num_queries(2):  # the consents, the referrals: no scope query
            assert len(list(selectors.consent_list(user=staff, person=person))) == 1
            assert len(list(selectors.referral_list(user=staff, person=person))) == 1
