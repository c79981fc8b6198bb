"""Writes for cases, charges and dispositions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.accounts.models import Organisation
from reintegra.core.versioning import versioned_create, versioned_update
from reintegra.justice.choices import CaseStatus
from reintegra.justice.models import Case, Charge, Disposition, OffenceCategory
from reintegra.justice.rules import add, case_errors, charge_errors, charge_outcome_errors, disposition_errors
from reintegra.justice.services.events import check_version, lock_person, raise_if, record, refuse_voided, today
from reintegra.people.models import Person


def offence_label(offence: OffenceCategory) -> str:
    """How a charge's offence is stored in timeline params: an ICCS section by its code alone (the
    timeline words it in the reader's language), a national code with its own name."""
    return f"{offence.code} {offence.name}" if offence.is_national else offence.code


@transaction.atomic
def case_open(
    *, actor: Any, person: Person, reference: str, opened_on: dt.date, court: Organisation | None = None,
) -> Case:
    """Open a case for ``person``. References are unique per person among live cases."""
    errors = lock_person(person)
    errors.update(case_errors(
        reference=reference, opened_on=opened_on, court_kind=court.kind if court else None, today=today(),
    ))
    reference = (reference or "").strip()
    if reference and Case.objects.filter(person=person, reference=reference, voided_at__isnull=True).exists():
        add(errors, "reference", _("This person already has a case with this reference."))
    raise_if(errors)
    case = Case(person=person, reference=reference, opened_on=opened_on, court=court, status=CaseStatus.OPEN)
    case.full_clean()
    case.save()
    versioned_create(case, actor=actor)
    record(person=person, kind="case.opened", occurred_on=opened_on, params={"reference": reference}, obj=case, actor=actor)
    return case


@transaction.atomic
def charge_add(
    *, actor: Any, case: Case, offence: OffenceCategory, offence_date: dt.date, description: str = "",
) -> Charge:
    """Add a charge to ``case``. The offence must be an ICCS section or a national code mapped to one."""
    errors = lock_person(case.person)
    refuse_voided(errors, "case", case)
    errors.update(charge_errors(
        offence_date=offence_date, offence_mapped=offence.iccs_section_id is not None,
        offence_active=offence.active, today=today(),
    ))
    raise_if(errors)
    charge = Charge(case=case, offence=offence, offence_date=offence_date, description=description or "")
    charge.full_clean()
    charge.save()
    versioned_create(charge, actor=actor)
    record(
        person=case.person, kind="charge.added", occurred_on=offence_date,
        params={"reference": case.reference, "offence": offence_label(offence)}, obj=charge, actor=actor,
    )
    return charge


@transaction.atomic
def charge_set_outcome(
    *, actor: Any, charge: Charge, outcome: str, outcome_date: dt.date | None, expected_version: int,
) -> Charge:
    """Record how a charge ended (or set it back to pending). Refused if the charge changed meanwhile."""
    errors = lock_person(charge.case.person)
    check_version(charge, expected_version)
    refuse_voided(errors, "charge", charge)
    errors.update(charge_outcome_errors(
        outcome=outcome, outcome_date=outcome_date, offence_date=charge.offence_date, today=today(),
    ))
    raise_if(errors)
    charge = versioned_update(
        charge, actor=actor, expected_version=expected_version,
        changes={"outcome": outcome, "outcome_date": outcome_date},
    )
    record(
        person=charge.case.person, kind="charge.outcome", occurred_on=outcome_date or today(),
        params={"reference": charge.case.reference, "outcome": outcome},
        obj=charge, actor=actor,
    )
    return charge


@transaction.atomic
def disposition_record(
    *, actor: Any, case: Case, kind: str, decided_on: dt.date, starts_on: dt.date | None = None,
    term_days: int | None = None, fine_amount: Decimal | None = None, hours: int | None = None,
    notes: str = "",
) -> Disposition:
    """Record a sentence or other outcome of ``case``. The fields must fit the kind: a custodial
    or suspended sentence has a term, a fine an amount, community service its hours."""
    errors = lock_person(case.person)
    refuse_voided(errors, "case", case)
    if fine_amount is not None and not isinstance(fine_amount, Decimal):
        fine_amount = Decimal(str(fine_amount))
    errors.update(disposition_errors(
        kind=kind, decided_on=decided_on, starts_on=starts_on, term_days=term_days,
        fine_amount=fine_amount, hours=hours, case_opened_on=case.opened_on, today=today(),
    ))
    raise_if(errors)
    disposition = Disposition(
        case=case, person_id=case.person_id, kind=kind, decided_on=decided_on, starts_on=starts_on,
        term_days=term_days, fine_amount=fine_amount, hours=hours, notes=notes or "",
    )
    disposition.full_clean()
    disposition.save()
    versioned_create(disposition, actor=actor)
    record(
        person=case.person, kind="disposition.recorded", occurred_on=decided_on,
        params={"reference": case.reference, "kind": kind}, obj=disposition, actor=actor,
    )
    return disposition
