"""What a partner organisation is shown of a referred person: only the shared fields it may see.

``partner_view`` reads nothing outside ``fields`` (so a field the partner may not see is never
even loaded), and returns plain values for the referral page and API.
"""
from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import Coalesce

from reintegra.justice import selectors as justice
from reintegra.justice.choices import ChargeOutcome, PersonStatus
from reintegra.justice.iccs import section_display_name
from reintegra.justice.models import Charge
from reintegra.partners.choices import SharedField
from reintegra.people.models import Contact, Identifier, Person, PersonFlag


def partner_view(*, person: Person, fields: set[str]) -> dict[str, Any]:
    """The person's values for each shared field key in ``fields`` (nothing else)."""
    view: dict[str, Any] = {}
    if SharedField.NAME in fields:
        view[SharedField.NAME] = person.full_name
    if SharedField.DATE_OF_BIRTH in fields:
        view[SharedField.DATE_OF_BIRTH] = person.date_of_birth
    if SharedField.IDENTIFIERS in fields:
        view[SharedField.IDENTIFIERS] = [
            f"{identifier.get_kind_display()}: {identifier.value}"
            for identifier in Identifier.objects.filter(person=person, voided_at__isnull=True)
        ]
    if SharedField.LANGUAGES in fields:
        view[SharedField.LANGUAGES] = {
            "languages": person.languages, "needs_interpreter": person.needs_interpreter,
            "literacy": person.get_literacy_level_display(),
        }
    if SharedField.CONTACTS in fields:
        # Contacts under a safety restriction are never passed on.
        view[SharedField.CONTACTS] = [
            f"{contact.name} ({contact.get_relationship_display()}) {contact.phone}".strip()
            for contact in Contact.objects.filter(person=person, voided_at__isnull=True, safety_restriction=False)
        ]
    if SharedField.STATUS in fields:
        view[SharedField.STATUS] = PersonStatus(justice.person_status(person=person)).label
    if SharedField.KEY_DATES in fields:
        dates = justice.key_dates(person=person)
        view[SharedField.KEY_DATES] = None if dates is None else {
            "conditional_release": dates.conditional_release, "sentence_end": dates.sentence_end,
        }
    if SharedField.OFFENCE_SUMMARY in fields:
        rows = (
            Charge.objects.filter(case__person=person, voided_at__isnull=True, case__voided_at__isnull=True,
                                  outcome__in=(ChargeOutcome.CONVICTED, ChargeOutcome.CAUTIONED))
            .values_list(Coalesce("offence__iccs_section__code", "offence__code"))
            .annotate(n=Count("id")).order_by()
        )
        view[SharedField.OFFENCE_SUMMARY] = [
            f"{section_display_name(code[:2], code[:2])}: {n}" for code, n in sorted(rows)
        ]
    if SharedField.HEALTH in fields:
        view[SharedField.HEALTH] = [
            flag.get_category_display() for flag in PersonFlag.objects.filter(person=person, voided_at__isnull=True)
        ]
    return view
