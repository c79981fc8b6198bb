from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reintegra.accounts.tests.factories import FacilityFactory
from reintegra.core.models import RecordVersion
from reintegra.justice.choices import (
    ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, SupervisionPeriod
from reintegra.justice.services import JusticeBatch, justice_bulk_create
from reintegra.justice.tests.factories import (
    CaseFactory, CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory, iccs_section,
)
from reintegra.people.models import TimelineEvent
from reintegra.people.tests.factories import PersonFactory
from reintegra.people.timeline import describe

pytestmark = pytest.mark.django_db
D = dt.date
MODELS = (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod)


def _counts() -> list[int]:
    return [m.objects.count() for m in MODELS] + [RecordVersion.objects.count(), TimelineEvent.objects.count()]


def _person_batch(person, prison_a, prison_b, office) -> JusticeBatch:
    """Case, two charges, a 2-year custodial sentence: remand, sentence, transfer, release, licence."""
    case = Case(person=person, reference=f"B-{person.pk}", opened_on=D(2022, 1, 5))
    charges = [
        Charge(case=case, offence=iccs_section("02"), offence_date=D(2022, 1, 1), outcome=ChargeOutcome.CONVICTED,
               outcome_date=D(2022, 4, 1)),
        Charge(case=case, offence=iccs_section("05"), offence_date=D(2022, 1, 1)),
    ]
    sentence = Disposition(case=case, kind=DispositionKind.CUSTODIAL, decided_on=D(2022, 4, 1), term_days=730)
    custody = [
        CustodyEpisode(person=person, facility=prison_a, kind=CustodyKind.REMAND, case=case, admitted_on=D(2022, 1, 5),
                       released_on=D(2022, 4, 1), release_type=ReleaseType.COURT_ORDER),
        CustodyEpisode(person=person, facility=prison_a, kind=CustodyKind.SENTENCED, disposition=sentence,
                       admitted_on=D(2022, 4, 1), released_on=D(2022, 9, 1), release_type=ReleaseType.TRANSFER),
        CustodyEpisode(person=person, facility=prison_b, kind=CustodyKind.SENTENCED, disposition=sentence,
                       admitted_on=D(2022, 9, 1), released_on=D(2023, 1, 1), release_type=ReleaseType.CONDITIONAL),
    ]
    licence = SupervisionPeriod(person=person, kind=SupervisionKind.LICENCE, office=office, disposition=sentence,
                                starts_on=D(2023, 1, 1), expected_end_on=D(2024, 4, 1), ended_on=D(2024, 4, 1),
                                end_reason=SupervisionEnd.COMPLETED)
    return JusticeBatch(cases=[case], charges=charges, dispositions=[sentence], custody_episodes=custody,
                        supervision_periods=[licence])


def test_bulk_create_writes_rows_history_and_timeline() -> None:
    prison_a, prison_b, office = FacilityFactory(), FacilityFactory(), ProbationOfficeFactory()
    persons = [PersonFactory() for _ in range(3)]
    batch = JusticeBatch()
    for person in persons:
        one = _person_batch(person, prison_a, prison_b, office)
        for name in ("cases", "charges", "dispositions", "custody_episodes", "supervision_periods"):
            getattr(batch, name).extend(getattr(one, name))
    before = _counts()
    justice_bulk_create(actor=None, records=batch)
    after = _counts()
    assert [a - b for a, b in zip(after, before)] == [3, 6, 3, 9, 3, 24, 3 * 12]
    person = persons[0]
    kinds = sorted(TimelineEvent.objects.filter(person=person, source_app="justice").values_list("kind", flat=True))
    assert kinds == sorted([
        "case.opened", "charge.added", "charge.added", "charge.outcome", "disposition.recorded",
        "custody.admitted", "custody.released",  # remand, released to the sentence
        "custody.admitted", "custody.transferred", "custody.released",  # sentence: A, then B, then release
        "supervision.started", "supervision.ended",
    ])
    transferred = TimelineEvent.objects.get(person=person, kind="custody.transferred")
    assert describe(transferred) == f"Transferred from {prison_a.name} to {prison_b.name}"
    sentenced = CustodyEpisode.objects.filter(person=person, kind=CustodyKind.SENTENCED)
    assert {e.case_id for e in sentenced} == {Case.objects.get(person=person).pk}
    assert Disposition.objects.get(person=person).person_id == person.pk  # taken from the case


def test_one_bad_row_writes_nothing_and_names_the_row_and_field() -> None:
    prison_a, prison_b, office = FacilityFactory(), FacilityFactory(), ProbationOfficeFactory()
    batch = _person_batch(PersonFactory(), prison_a, prison_b, office)
    batch.custody_episodes[2].released_on = D(2022, 8, 1)  # before its admission
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        justice_bulk_create(actor=None, records=batch)
    assert "custody_episodes[2].released_on" in caught.value.message_dict
    assert _counts() == before


@pytest.mark.parametrize(
    ("mutate", "key"),
    [
        (lambda b: setattr(b.cases[0], "opened_on", timezone.localdate() + dt.timedelta(days=1)), "cases[0].opened_on"),
        (lambda b: setattr(b.dispositions[0], "term_days", None), "dispositions[0].term_days"),
        (lambda b: setattr(b.cases[0], "closed_on", D(2021, 1, 1)), "cases[0].closed_on"),
        (lambda b: setattr(b.cases[0], "status", "lost"), "cases[0].status"),
        (lambda b: setattr(b.dispositions[0], "fine_amount", Decimal("3")), "dispositions[0].fine_amount"),
        (lambda b: setattr(b.custody_episodes[0], "release_type", ""), "custody_episodes[0].release_type"),
        (lambda b: setattr(b.custody_episodes[1], "admitted_on", D(2022, 3, 1)), "custody_episodes[1].admitted_on"),
        (lambda b: setattr(b.custody_episodes[2], "facility", ProbationOfficeFactory()), "custody_episodes[2].facility"),
        (lambda b: setattr(b.custody_episodes[2], "admitted_on", D(2022, 9, 2)), "custody_episodes[1].release_type"),
        (lambda b: setattr(b.supervision_periods[0], "office", FacilityFactory()), "supervision_periods[0].office"),
        (lambda b: setattr(b.charges[1], "offence_date", timezone.localdate() + dt.timedelta(days=3)), "charges[1].offence_date"),
        (lambda b: setattr(b.charges[0], "outcome_date", None), "charges[0].outcome_date"),
    ],
)
def test_bulk_applies_the_service_rules(mutate, key: str) -> None:
    batch = _person_batch(PersonFactory(), FacilityFactory(), FacilityFactory(), ProbationOfficeFactory())
    mutate(batch)
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        justice_bulk_create(actor=None, records=batch)
    assert key in caught.value.message_dict, caught.value.message_dict
    assert _counts() == before


def test_bulk_refuses_overlap_with_a_stored_stay() -> None:
    stored = CustodyEpisodeFactory(admitted_on=D(2022, 2, 1))  # open remand
    batch = JusticeBatch(custody_episodes=[
        CustodyEpisode(person=stored.person, facility=stored.facility, kind=CustodyKind.REMAND,
                       admitted_on=D(2021, 1, 1), released_on=D(2022, 3, 1), release_type=ReleaseType.BAIL),
    ])
    with pytest.raises(ValidationError) as caught:
        justice_bulk_create(actor=None, records=batch)
    assert "custody_episodes[0].admitted_on" in caught.value.message_dict


def test_bulk_refuses_two_open_stays_and_overlapping_supervision_in_the_batch() -> None:
    person, prison, office = PersonFactory(), FacilityFactory(), ProbationOfficeFactory()
    batch = JusticeBatch(
        custody_episodes=[
            CustodyEpisode(person=person, facility=prison, kind=CustodyKind.REMAND, admitted_on=D(2022, 1, 1)),
            CustodyEpisode(person=person, facility=prison, kind=CustodyKind.REMAND, admitted_on=D(2023, 1, 1)),
        ],
        supervision_periods=[
            SupervisionPeriod(person=person, office=office, kind=SupervisionKind.PROBATION, starts_on=D(2020, 1, 1),
                              ended_on=D(2021, 1, 1), end_reason=SupervisionEnd.COMPLETED),
            SupervisionPeriod(person=person, office=office, kind=SupervisionKind.PROBATION, starts_on=D(2020, 6, 1)),
            SupervisionPeriod(person=person, office=office, kind=SupervisionKind.PAROLE, starts_on=D(2020, 6, 1)),
        ],
    )
    with pytest.raises(ValidationError) as caught:
        justice_bulk_create(actor=None, records=batch)
    assert set(caught.value.message_dict) == {"custody_episodes[1].admitted_on", "supervision_periods[1].starts_on"}


def test_bulk_accepts_children_of_saved_cases() -> None:
    case = CaseFactory(opened_on=D(2023, 1, 1))
    batch = JusticeBatch(
        charges=[Charge(case_id=case.pk, offence=iccs_section("07"), offence_date=D(2022, 12, 1))],
        dispositions=[Disposition(case=case, kind=DispositionKind.FINE, decided_on=D(2023, 2, 1),
                                  fine_amount=Decimal("90.00"))],
    )
    justice_bulk_create(actor=None, records=batch)
    assert case.charges.get().offence.code == "07"
    assert Disposition.objects.get(case=case).person == case.person


def test_bulk_history_snapshot_matches_versioned_create() -> None:
    from reintegra.core.versioning import field_snapshot

    batch = _person_batch(PersonFactory(), FacilityFactory(), FacilityFactory(), ProbationOfficeFactory())
    justice_bulk_create(actor=None, records=batch)
    for obj in [*batch.cases, *batch.charges, *batch.dispositions, *batch.custody_episodes, *batch.supervision_periods]:
        stored = type(obj).objects.get(pk=obj.pk)
        (entry,) = RecordVersion.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        assert (entry.version, entry.action, entry.after) == (1, "create", field_snapshot(stored))


def test_bulk_accepts_stays_and_supervision_of_a_saved_disposition_given_by_id() -> None:
    sentence = DispositionFactory(case=CaseFactory(opened_on=D(2023, 1, 5)), decided_on=D(2023, 2, 1), term_days=365)
    person = sentence.case.person
    batch = JusticeBatch(
        custody_episodes=[CustodyEpisode(
            person=person, facility=FacilityFactory(), kind=CustodyKind.SENTENCED, disposition_id=sentence.pk,
            admitted_on=D(2023, 2, 1), released_on=D(2023, 8, 1), release_type=ReleaseType.CONDITIONAL,
        )],
        supervision_periods=[SupervisionPeriod(
            person=person, kind=SupervisionKind.LICENCE, office=ProbationOfficeFactory(), disposition_id=sentence.pk,
            starts_on=D(2023, 8, 1), expected_end_on=D(2024, 2, 1),
        )],
    )
    justice_bulk_create(actor=None, records=batch)
    stay = CustodyEpisode.objects.get(disposition=sentence)
    assert stay.case_id == sentence.case_id  # a sentenced stay belongs to its sentence's case
    assert SupervisionPeriod.objects.get(disposition=sentence).person == person


def test_bulk_timeline_rows_name_the_record_actor_and_words_of_the_single_services() -> None:
    from reintegra.accounts.choices import Role
    from reintegra.accounts.tests.factories import user_with_role

    actor = user_with_role(Role.PRISON_CASE_MANAGER)
    prison_a, prison_b, office = FacilityFactory(), FacilityFactory(), ProbationOfficeFactory()
    person = PersonFactory()
    batch = _person_batch(person, prison_a, prison_b, office)
    justice_bulk_create(actor=actor, records=batch)
    events = {(e.kind, e.object_type, e.object_id): e for e in TimelineEvent.objects.filter(person=person)
              .exclude(source_app="people")}
    case, sentence, licence = batch.cases[0], batch.dispositions[0], batch.supervision_periods[0]
    opened = events[("case.opened", "justice.case", str(case.pk))]
    assert (opened.params, opened.occurred_on, opened.source_app, opened.actor) == (
        {"reference": case.reference}, case.opened_on, "justice", actor,
    )
    assert events[("disposition.recorded", "justice.disposition", str(sentence.pk))].params == {
        "reference": case.reference, "kind": DispositionKind.CUSTODIAL,
    }
    added = [e for (kind, _t, _i), e in events.items() if kind == "charge.added"]
    assert sorted(e.params["offence"] for e in added) == ["02", "05"]
    assert events[("supervision.ended", "justice.supervisionperiod", str(licence.pk))].params == {
        "kind": SupervisionKind.LICENCE, "end_reason": SupervisionEnd.COMPLETED,
    }
    released = events[("custody.released", "justice.custodyepisode", str(batch.custody_episodes[2].pk))]
    assert released.params == {"facility": prison_b.name, "release_type": ReleaseType.CONDITIONAL}
    assert released.occurred_on == D(2023, 1, 1)
    assert RecordVersion.objects.filter(object_id=str(case.pk), content_type__model="case").get().changed_by == actor
