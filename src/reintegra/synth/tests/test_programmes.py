"""The synthetic catalogue, facility profiles and units, labour demand, cohorts and enrolments."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.assessments.models import Assessment
from reintegra.custody.models import FacilityProfile, Unit, UnitStay
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import TimelineEvent
from reintegra.planning.models import CasePlan, PlanAction
from reintegra.programmes.choices import DeliverySetting, EducationLevel, EnrolmentStatus, ProgrammeType
from reintegra.programmes.eligibility import eligibility
from reintegra.programmes.models import Attendance, Certificate, Cohort, Enrolment, LabourDemand, Programme
from reintegra.programmes.selectors import person_facts
from reintegra.synth import services
from reintegra.synth.catalogue import TRADES
from reintegra.synth.models import SyntheticProfile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 31)


@pytest.fixture
def generated() -> None:
    services.synth_run(persons=400, seed=5, today=TODAY, batch_size=200)


def test_every_prison_has_a_profile_and_units_that_add_up_to_its_capacity(generated: None) -> None:
    prisons = Organisation.objects.filter(kind=OrganisationKind.PRISON, code__startswith="xr-prison-")
    assert prisons.count() == 15
    for prison in prisons:
        profile = FacilityProfile.objects.get(facility=prison)
        units = Unit.objects.filter(facility=prison)
        assert units.count() >= 2
        assert sum(u.official_capacity for u in units) == prison.official_capacity
        assert profile.sex_category == ("female" if "-women-" in prison.code else "male")
        assert profile.age_category == ("young_adult" if "-youth-" in prison.code else "adult")
        assert profile.location
    levels = set(FacilityProfile.objects.values_list("security_level", flat=True))
    assert {"open", "low", "medium", "high", "maximum"} <= levels


def test_every_facility_offers_the_core_programmes_and_offices_and_partners_deliver_some(generated: None) -> None:
    by_venue: dict[int, set[str]] = defaultdict(set)
    levels: dict[int, set[str]] = defaultdict(set)
    for venue_id, type_, level in Programme.objects.values_list("venue_id", "type", "education_level"):
        by_venue[venue_id].add(type_)
        levels[venue_id].add(level)
    for prison in Organisation.objects.filter(kind=OrganisationKind.PRISON, code__startswith="xr-prison-"):
        assert {ProgrammeType.COGNITIVE_BEHAVIOURAL, ProgrammeType.SUBSTANCE_USE, ProgrammeType.EDUCATION,
                ProgrammeType.VOCATIONAL, ProgrammeType.WORK} <= by_venue[prison.pk]
        assert set(EducationLevel.values) - {EducationLevel.TERTIARY} <= levels[prison.pk]
    for office in Organisation.objects.filter(kind=OrganisationKind.PROBATION_OFFICE, code__startswith="xr-"):
        assert ProgrammeType.COGNITIVE_BEHAVIOURAL in by_venue[office.pk]
    assert Programme.objects.filter(delivery=DeliverySetting.PARTNER).count() >= 30
    assert Programme.objects.filter(delivery=DeliverySetting.COMMUNITY).count() >= 24


def test_the_catalogue_is_varied(generated: None) -> None:
    programmes = list(Programme.objects.all())
    assert 300 <= len(programmes) <= 500
    women = [p for p in programmes if p.sex_eligibility == "F"]
    assert women and all(p.gender_responsive for p in women)
    assert any(p.trauma_informed for p in programmes) and not all(p.trauma_informed for p in programmes)
    assert any(p.risk_bands for p in programmes) and any(not p.risk_bands for p in programmes)
    assert any(p.min_age for p in programmes)
    assert any(p.languages and "es" not in p.languages for p in programmes)
    assert any(p.min_literacy != "none" for p in programmes)
    assert any(p.excluded_sections for p in programmes)
    assert {p.accreditation for p in programmes} == {"accredited", "pending", "not_accredited"}
    assert all(p.evidence for p in programmes)
    assert any(p.evaluation_url for p in programmes)
    assert {p.intensity for p in programmes} == {"low", "moderate", "high"}
    trades = {name for name, _base in TRADES}
    assert all(p.trade in trades for p in programmes if p.type == ProgrammeType.VOCATIONAL and p.delivery != "partner")
    # Names are unique at each venue.
    assert len({(p.venue_id, p.name) for p in programmes}) == len(programmes)


def test_labour_demand_has_trades_in_demand_and_some_with_none(generated: None) -> None:
    rows = list(LabourDemand.objects.all())
    assert rows
    regions = {r.region for r in rows}
    assert regions == set(Organisation.objects.filter(kind=OrganisationKind.PRISON).values_list("region", flat=True))
    totals = Counter()
    for row in rows:
        totals[row.trade] += row.vacancies
    assert totals["Construction"] > 0
    assert totals["Textiles and garment making"] == 0       # rows of 0: no demand
    assert "Handicrafts" not in totals                        # no rows at all: no demand recorded
    assert any(row.period_start <= TODAY <= row.period_end for row in rows)


def test_cohorts_run_past_present_and_future_with_sessions_inside_their_dates(generated: None) -> None:
    for programme in Programme.objects.all()[:40]:
        cohorts = list(programme.cohorts.all())
        assert any(c.ends_on < TODAY for c in cohorts)
        assert any(c.starts_on > TODAY for c in cohorts)
        for cohort in cohorts:
            dates = [dt.date.fromisoformat(d) for d in cohort.session_dates]
            assert dates and dates == sorted(dates)
            assert cohort.starts_on == dates[0] and cohort.ends_on == dates[-1]
            assert all(d.weekday() < 5 for d in dates)
            assert cohort.capacity == programme.capacity


def test_enrolments_follow_the_assessment_the_placement_and_the_dates(generated: None) -> None:
    enrolments = list(Enrolment.objects.select_related("cohort__programme__venue", "person"))
    assert len(enrolments) > 30
    statuses = Counter(e.status for e in enrolments)
    assert all(statuses[s] > 0 for s in EnrolmentStatus.values), statuses
    latest_band = {}
    for person_id, band in (Assessment.objects.filter(instrument__code="reintegra-needs", status="completed")
                            .order_by("completed_at", "pk").values_list("person_id", "final_band")):
        latest_band[person_id] = band
    taken = Counter()
    for e in enrolments:
        cohort, programme = e.cohort, e.cohort.programme
        assert e.risk_band == latest_band[e.person_id]
        # The offence rule is left out: person_facts reads the latest sanction on the record today,
        # the draw the one known on the day of the request.
        facts = person_facts(person=e.person, band=e.risk_band, on=e.requested_on)
        assert [r.rule for r in eligibility(programme, facts) if r.rule != "offence"] == []
        assert e.requested_on <= TODAY
        on = e.requested_on
        if programme.delivery == DeliverySetting.FACILITY:
            assert CustodyEpisode.objects.filter(person=e.person, facility=programme.venue, admitted_on__lte=on) \
                .exclude(released_on__lt=on).exists()
        elif programme.delivery == DeliverySetting.COMMUNITY:
            assert SupervisionPeriod.objects.filter(person=e.person, office=programme.venue, starts_on__lte=on) \
                .exclude(ended_on__lt=on).exists()
        else:
            assert SupervisionPeriod.objects.filter(person=e.person, office__region=programme.venue.region,
                                                    starts_on__lte=on).exclude(ended_on__lt=on).exists()
        if e.status == EnrolmentStatus.WAITING:
            assert cohort.starts_on > TODAY and e.enrolled_on is None
            continue
        taken[cohort.pk] += 1
        assert e.enrolled_on == cohort.starts_on >= e.requested_on
        if e.status == EnrolmentStatus.COMPLETED:
            assert e.completed_on == cohort.ends_on <= TODAY
        if e.status == EnrolmentStatus.DROPPED:
            assert e.dropout_reason and e.enrolled_on <= e.dropped_on <= min(TODAY, cohort.ends_on)
        end = e.completed_on or e.dropped_on or TODAY
        sessions = set(cohort.session_dates)
        for a in Attendance.objects.filter(enrolment=e):
            assert a.session_on.isoformat() in sessions and e.enrolled_on <= a.session_on <= end
    for cohort_id, count in taken.items():
        assert count <= Cohort.objects.get(pk=cohort_id).capacity


def test_completions_earn_certificates_and_every_step_is_on_the_timeline(generated: None) -> None:
    completed = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).select_related("cohort__programme")
    with_title = [e for e in completed if e.cohort.programme.certificate_title]
    assert with_title
    for e in with_title:
        certificate = Certificate.objects.get(enrolment=e)
        assert certificate.person_id == e.person_id and certificate.awarded_on == e.completed_on
    assert Certificate.objects.count() == len(with_title)
    kinds = Counter(TimelineEvent.objects.filter(source_app="programmes").values_list("kind", flat=True))
    assert kinds["programme.requested"] == Enrolment.objects.count()
    assert kinds["programme.completed"] == completed.count()
    assert kinds["programme.certificate"] == len(with_title)
    assert kinds["programme.attended"] + kinds["programme.missed"] == Attendance.objects.count()
    assert kinds["programme.attended"] > kinds["programme.missed"] > 0


def _fingerprint() -> str:
    index = dict(SyntheticProfile.objects.values_list("person_id", "index"))
    rows = sorted(str((index[p], *rest)) for p, *rest in Enrolment.objects.values_list(
        "person_id", "cohort__programme__name", "cohort__programme__venue__code", "cohort__starts_on", "status",
        "requested_on", "completed_on", "dropped_on", "risk_band"))
    rows += sorted(str(r) for r in Programme.objects.values_list("name", "venue__code", "type", "hours", "trade"))
    rows += sorted(str(r) for r in Attendance.objects.values_list("enrolment__cohort__starts_on", "session_on",
                                                                 "attended"))
    rows += sorted(str(r) for r in UnitStay.objects.values_list("episode__admitted_on", "unit__name", "from_on",
                                                               "to_on"))
    rows += sorted(str((index[p], *rest)) for p, *rest in CasePlan.objects.values_list(
        "person_id", "status", "band", "agreement", "agreement_words", "next_review_on", "responsible_officer__username",
        "current_version"))
    rows += sorted(str(r) for r in PlanAction.objects.values_list("goal__need", "description", "owner_kind", "due_on",
                                                                 "status", "planned_hours"))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_the_same_seed_gives_the_same_catalogue_enrolments_stays_and_plans() -> None:
    digests = []
    for _ in range(2):
        savepoint = transaction.savepoint()
        try:
            services.synth_run(persons=250, seed=9, today=TODAY, batch_size=100)
            assert Enrolment.objects.exists() and UnitStay.objects.exists() and CasePlan.objects.exists()
            digests.append(_fingerprint())
        finally:
            transaction.savepoint_rollback(savepoint)
    assert digests[0] == digests[1]


def test_programmes_option_sets_the_catalogue_size_and_an_append_keeps_it() -> None:
    call_command("synth", "--persons=40", "--seed=2", "--today=2025-03-31", "--programmes=450", "--quiet",
                 stdout=StringIO(), stderr=StringIO())
    assert Programme.objects.count() == 450
    names = list(Programme.objects.values_list("venue_id", "name"))
    assert len(set(names)) == len(names)
    call_command("synth", "--persons=20", "--seed=3", "--today=2025-03-31", "--programmes=10", "--append", "--quiet",
                 stdout=StringIO(), stderr=StringIO())
    assert Programme.objects.count() == 450


def test_a_small_catalogue_keeps_the_core_offer_first() -> None:
    services.synth_run(persons=30, seed=2, today=TODAY, programmes=15)
    assert Programme.objects.count() == 15
    assert Programme.objects.filter(type=ProgrammeType.COGNITIVE_BEHAVIOURAL).exists()
    assert Programme.objects.filter(type=ProgrammeType.SUBSTANCE_USE).exists()


def test_a_catalogue_size_out_of_range_is_refused() -> None:
    with pytest.raises(Exception) as caught:
        services.synth_run(persons=10, seed=1, today=TODAY, programmes=0)
    assert "programmes" in caught.value.message_dict  # type: ignore[attr-defined]
    assert not Programme.objects.exists()
