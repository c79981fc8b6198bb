from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.accounts.tests.factories import OrganisationFactory
from reintegra.justice.tests.factories import SupervisionPeriodFactory
from reintegra.partners import selectors as partner_selectors
from reintegra.partners.choices import Purpose, SharedField
from reintegra.partners.tests.factories import PartnerFactory, referral_for
from reintegra.people.tests.factories import PersonFactory
from reintegra.privacy import selectors, services
from reintegra.privacy.models import RetentionRule
from reintegra.privacy.tests.factories import person_with_history

pytestmark = pytest.mark.django_db


def _agreement(partner, fields, **kwargs):
    values = {"provider": OrganisationFactory(), "partner": partner, "purpose": Purpose.ACCOMMODATION,
              "fields": fields, "valid_from": timezone.localdate() - dt.timedelta(days=1),
              "signed_by": "Director, Shelter North", "document_reference": "DSA-1"} | kwargs
    return services.agreement_create(actor=None, **values)


class TestSharing:
    def test_sharing_fields_are_those_of_live_agreements(self) -> None:
        partner = PartnerFactory()
        assert selectors.sharing_fields(organisation=partner) == set()
        _agreement(partner, [SharedField.NAME, SharedField.STATUS])
        _agreement(partner, [SharedField.HEALTH], valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2020, 12, 31))
        assert selectors.sharing_fields(organisation=partner) == {SharedField.NAME, SharedField.STATUS}
        assert selectors.sharing_fields(organisation=partner, on=dt.date(2020, 6, 1)) == {SharedField.HEALTH}

    def test_an_agreement_limits_what_consent_would_allow(self) -> None:
        person, partner = PersonFactory(), PartnerFactory()
        referral_for(person, partner, fields=(SharedField.NAME, SharedField.HEALTH, SharedField.KEY_DATES))
        _agreement(partner, [SharedField.NAME, SharedField.KEY_DATES, SharedField.CONTACTS])
        # Consent covers health but the agreement does not; the agreement lists contacts but consent does not.
        assert selectors.partner_visible_fields(person=person, organisation=partner) == {
            SharedField.NAME, SharedField.KEY_DATES}
        assert partner_selectors.partner_visible_fields(person=person, organisation=partner) == {
            SharedField.NAME, SharedField.KEY_DATES}

    def test_consent_live_is_the_partners_selector(self) -> None:
        assert selectors.consent_live is partner_selectors.consent_live


class TestRetentionCandidates:
    def test_selects_old_finished_histories_only(self) -> None:
        rule = RetentionRule.objects.create(name="ten", years_after_last_episode=10)
        on = dt.date(2025, 1, 1)
        old = person_with_history(released_on=dt.date(2012, 6, 30))
        recent = person_with_history(released_on=dt.date(2020, 6, 30))
        open_case = person_with_history(released_on=dt.date(2012, 6, 30), close_case=False)
        supervised = person_with_history(released_on=dt.date(2012, 6, 30))
        SupervisionPeriodFactory(person=supervised, starts_on=dt.date(2013, 1, 1))
        ids = set(selectors.retention_candidates(rule=rule, on=on).values_list("pk", flat=True))
        assert old.pk in ids
        assert not ids & {recent.pk, open_case.pk, supervised.pk}
        preview = selectors.retention_preview(rules=[rule], on=on)[0]
        assert preview.count == len(ids) and old.pk in preview.person_ids

    def test_people_without_episodes_count_from_record_creation(self) -> None:
        rule = RetentionRule.objects.create(name="one", years_after_last_episode=1)
        person = PersonFactory()
        assert person.pk not in selectors.retention_candidates(rule=rule).values_list("pk", flat=True)
        later = timezone.localdate() + dt.timedelta(days=800)
        assert person.pk in selectors.retention_candidates(rule=rule, on=later).values_list("pk", flat=True)
