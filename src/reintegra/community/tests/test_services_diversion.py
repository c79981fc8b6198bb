"""Diversion: referral from the person's case, conditions, and each outcome (reasons where needed)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.community import services
from reintegra.community.choices import DiversionStatus, ProgrammeKind
from reintegra.community.models import Diversion
from reintegra.community.tests.factories import World
from reintegra.core.errors import AccessDenied
from reintegra.justice.tests.factories import CaseFactory
from reintegra.people.models import TimelineEvent

pytestmark = pytest.mark.django_db


def _refer(w: World) -> Diversion:
    return services.diversion_refer(actor=w.officer, person=w.person, case=w.case, provider=w.partner,
                                    programme_kind=ProgrammeKind.DRUG_TREATMENT)


def test_referral_from_the_persons_case_only(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.diversion_refer(actor=w.officer, person=w.person, case=CaseFactory(), provider=w.partner,
                                 programme_kind=ProgrammeKind.DRUG_TREATMENT)
    assert "case" in caught.value.message_dict
    diversion = _refer(w)
    assert diversion.status == DiversionStatus.ACTIVE and diversion.referred_by == w.officer
    assert TimelineEvent.objects.filter(person=w.person, kind="community.diversion_referred").exists()


def test_referral_needs_the_full_record(w: World) -> None:
    with pytest.raises(AccessDenied):
        services.diversion_refer(actor=w.colleague, person=w.person, case=w.case, provider=w.partner,
                                 programme_kind=ProgrammeKind.DRUG_TREATMENT)
    assert not Diversion.objects.exists()


def test_conditions_have_a_start_and_an_end_after_it(w: World) -> None:
    diversion, today = _refer(w), timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.diversion_condition_add(actor=w.officer, diversion=diversion, text="Weekly session", starts_on=today,
                                         ends_on=today - dt.timedelta(days=1))
    assert "ends_on" in caught.value.message_dict
    condition = services.diversion_condition_add(actor=w.officer, diversion=diversion, text="Weekly session",
                                                 starts_on=today, ends_on=today + dt.timedelta(days=90))
    assert list(diversion.conditions.all()) == [condition]


def test_completed_needs_no_reason(w: World) -> None:
    diversion = services.diversion_outcome(actor=w.officer, diversion=_refer(w), outcome=DiversionStatus.COMPLETED)
    assert diversion.status == DiversionStatus.COMPLETED and diversion.outcome_on == timezone.localdate()
    assert TimelineEvent.objects.filter(person=w.person, kind="community.diversion_ended").exists()


@pytest.mark.parametrize("outcome", [DiversionStatus.NOT_COMPLETED, DiversionStatus.WITHDRAWN])
def test_not_completed_and_withdrawn_need_a_reason(w: World, outcome: str) -> None:
    diversion = _refer(w)
    with pytest.raises(ValidationError) as caught:
        services.diversion_outcome(actor=w.officer, diversion=diversion, outcome=outcome)
    assert "reason" in caught.value.message_dict
    diversion.refresh_from_db()
    assert diversion.status == DiversionStatus.ACTIVE
    diversion = services.diversion_outcome(actor=w.officer, diversion=diversion, outcome=outcome, reason="Moved away")
    assert diversion.status == outcome and diversion.outcome_reason == "Moved away"


def test_an_outcome_is_final_and_not_in_the_future(w: World) -> None:
    diversion = _refer(w)
    with pytest.raises(ValidationError) as caught:
        services.diversion_outcome(actor=w.officer, diversion=diversion, outcome=DiversionStatus.COMPLETED,
                                   on=timezone.localdate() + dt.timedelta(days=1))
    assert "on" in caught.value.message_dict
    diversion = services.diversion_outcome(actor=w.officer, diversion=diversion, outcome=DiversionStatus.COMPLETED)
    with pytest.raises(ValidationError):
        services.diversion_outcome(actor=w.officer, diversion=diversion, outcome=DiversionStatus.WITHDRAWN, reason="x")
