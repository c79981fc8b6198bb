from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Membership
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.web import SESSION_KEY as PURPOSES
from reintegra.justice.choices import CustodyKind, ReleaseType, SupervisionEnd
from reintegra.justice.models import Case, Charge, CustodyEpisode, Disposition, OffenceCategory, SupervisionPeriod
from reintegra.justice.tests.factories import (
    CaseFactory, ChargeFactory, CustodyEpisodeFactory, DispositionFactory, ProbationOfficeFactory,
    SupervisionPeriodFactory, iccs_section,
)
from reintegra.people.tests.factories import PersonFactory

# Real relationships, no test-only broad scope: the staff user below is a supervisor at a probation
# office and a case manager in a prison service, and reaches each person through the registration
# of the people they create, custody in the service's prisons or supervision at the office.
pytestmark = [pytest.mark.django_db, pytest.mark.real_scope]


def _client(role: str) -> Client:
    client = Client()
    client.force_login(user_with_role(role))
    return client


@pytest.fixture
def officer() -> Client:
    """Logged in as ``client.user``; ``client.service`` is their prison service, ``client.office``
    their probation office."""
    service = FacilityFactory(kind=OrganisationKind.PRISON_SERVICE)
    office = ProbationOfficeFactory()
    user = user_with_role(Role.SUPERVISOR, office)
    Membership.objects.create(user=user, organisation=service, role=Role.PRISON_CASE_MANAGER)
    client = Client()
    client.force_login(user)
    client.user, client.service, client.office = user, service, office  # type: ignore[attr-defined]
    return client


def _purpose(client: Client, person_id: int) -> None:
    """Outside one's own caseload the person page asks a purpose first: give it for the session."""
    session = client.session
    session[PURPOSES] = {**(session.get(PURPOSES) or {}), str(person_id): "case_management"}
    session.save()


def test_open_a_case_from_the_person(officer: Client) -> None:
    person = PersonFactory(actor=officer.user)
    url = reverse("justice:case-open", args=[person.pk])
    assert officer.get(url).status_code == 200
    response = officer.post(url, {"reference": "R-77", "opened_on": "2024-02-01"})
    assert response.status_code == 302
    assert Case.objects.get(person=person).reference == "R-77"


def test_form_shows_field_errors_from_the_service(officer: Client) -> None:
    person = PersonFactory(actor=officer.user)
    response = officer.post(reverse("justice:case-open", args=[person.pk]), {"reference": "R", "opened_on": "2999-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["opened_on"] == ["This date is in the future; record it once it has happened."]
    assert b"invalid-feedback" in response.content and b'aria-invalid="true"' in response.content
    assert not Case.objects.exists()


def test_add_charge_with_a_picker_of_iccs_and_national_codes(officer: Client) -> None:
    case = CaseFactory(person__actor=officer.user)
    url = reverse("justice:charge-add", args=[case.pk])
    page = officer.get(url)
    assert "ICCS 01" in page.content.decode()
    response = officer.post(url, {"offence": iccs_section("02").pk, "offence_date": "2024-01-01"})
    assert response.status_code == 302
    assert Charge.objects.get(case=case).offence.code == "02"


def test_charge_outcome_with_stale_version_is_refused(officer: Client) -> None:
    charge = ChargeFactory(case__person__actor=officer.user)
    url = reverse("justice:charge-outcome", args=[charge.pk])
    response = officer.post(url, {"outcome": "convicted", "outcome_date": "2024-03-01", "version": 1})
    assert response.status_code == 302
    stale = officer.post(url, {"outcome": "acquitted", "outcome_date": "2024-03-02", "version": 1})
    assert stale.status_code == 200
    assert "changed by someone else" in str(stale.context["form"].non_field_errors())
    charge.refresh_from_db()
    assert (charge.outcome, charge.version) == ("convicted", 2)


def test_record_a_disposition_with_field_errors(officer: Client) -> None:
    case = CaseFactory(person__actor=officer.user)
    url = reverse("justice:disposition-record", args=[case.pk])
    response = officer.post(url, {"kind": "custodial", "decided_on": "2024-03-01"})
    assert "term_days" in response.context["form"].errors
    response = officer.post(url, {"kind": "custodial", "decided_on": "2024-03-01", "term_days": 200})
    assert response.status_code == 302
    assert Disposition.objects.get(case=case).term_days == 200


def test_admit_release_and_transfer(officer: Client) -> None:
    person = PersonFactory(actor=officer.user)
    facility, other = FacilityFactory(parent=officer.service), FacilityFactory(parent=officer.service)
    response = officer.post(reverse("justice:custody-admit", args=[person.pk]),
                            {"facility": facility.pk, "kind": CustodyKind.REMAND, "admitted_on": "2024-01-05"})
    assert response.status_code == 302
    episode = CustodyEpisode.objects.get(person=person)
    response = officer.post(reverse("justice:custody-transfer", args=[episode.pk]),
                            {"to_facility": other.pk, "transferred_on": "2024-02-01", "version": 1})
    assert response.status_code == 302
    current = CustodyEpisode.objects.get(person=person, released_on__isnull=True)
    assert current.facility == other
    release_url = reverse("justice:custody-release", args=[current.pk])
    bad = officer.post(release_url, {"released_on": "2024-01-01", "release_type": ReleaseType.BAIL, "version": 1})
    assert "released_on" in bad.context["form"].errors
    assert officer.post(release_url, {"released_on": "2024-03-01", "release_type": ReleaseType.BAIL,
                                      "version": 1}).status_code == 302
    assert not CustodyEpisode.objects.filter(released_on__isnull=True).exists()


def test_start_and_end_supervision(officer: Client) -> None:
    person = PersonFactory(actor=officer.user)
    office = officer.office
    response = officer.post(reverse("justice:supervision-start", args=[person.pk]),
                            {"kind": "probation", "office": office.pk, "starts_on": "2024-04-01"})
    assert response.status_code == 302
    period = SupervisionPeriod.objects.get(person=person)
    response = officer.post(reverse("justice:supervision-end", args=[period.pk]),
                            {"ended_on": "2024-09-01", "end_reason": SupervisionEnd.COMPLETED, "version": 1})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.ended_on == dt.date(2024, 9, 1)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VOLUNTEER])
def test_denied_users_are_refused_and_nothing_changes(role: str) -> None:
    client = _client(role)
    person = PersonFactory()
    episode = CustodyEpisodeFactory(person=person)
    period = SupervisionPeriodFactory()
    charge = ChargeFactory()
    posts = [
        (reverse("justice:case-open", args=[person.pk]), {"reference": "R", "opened_on": "2024-01-01"}),
        (reverse("justice:charge-add", args=[charge.case.pk]), {"offence": iccs_section().pk, "offence_date": "2024-01-01"}),
        (reverse("justice:charge-outcome", args=[charge.pk]), {"outcome": "convicted", "outcome_date": "2024-02-01", "version": 1}),
        (reverse("justice:disposition-record", args=[charge.case.pk]), {"kind": "fine", "decided_on": "2024-02-01", "fine_amount": "5"}),
        (reverse("justice:custody-admit", args=[person.pk]), {"facility": episode.facility.pk, "kind": "remand", "admitted_on": "2024-05-01"}),
        (reverse("justice:custody-release", args=[episode.pk]), {"released_on": "2024-02-01", "release_type": "bail", "version": 1}),
        (reverse("justice:custody-transfer", args=[episode.pk]), {"to_facility": FacilityFactory().pk, "transferred_on": "2024-02-01", "version": 1}),
        (reverse("justice:supervision-start", args=[person.pk]), {"kind": "parole", "office": period.office.pk, "starts_on": "2024-01-01"}),
        (reverse("justice:supervision-end", args=[period.pk]), {"ended_on": "2024-07-01", "end_reason": "completed", "version": 1}),
        (reverse("justice:offence-list"), {"code": "X1", "name": "X", "iccs_section": iccs_section().pk}),
    ]
    counts = [m.objects.count() for m in (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod, OffenceCategory)]
    for url, data in posts:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("justice:person-record", args=[person.pk])).status_code == 403
    assert counts == [m.objects.count() for m in (Case, Charge, Disposition, CustodyEpisode, SupervisionPeriod, OffenceCategory)]
    episode.refresh_from_db()
    period.refresh_from_db()
    charge.refresh_from_db()
    assert (episode.version, period.version, charge.version) == (1, 1, 1)


def test_record_page_has_a_bounded_query_count(officer: Client, django_assert_max_num_queries) -> None:
    person = PersonFactory(actor=officer.user)
    for n in range(4):
        case = CaseFactory(person=person, opened_on=dt.date(2020 + n, 1, 1))
        ChargeFactory(case=case, offence_date=dt.date(2020 + n, 1, 1))
        ChargeFactory(case=case, offence_date=dt.date(2020 + n, 1, 1))
        DispositionFactory(case=case, decided_on=dt.date(2020 + n, 2, 1))
    sentence = Disposition.objects.filter(person=person).first()
    CustodyEpisodeFactory(person=person, kind=CustodyKind.SENTENCED, disposition=sentence,
                          admitted_on=dt.date(2023, 2, 1), facility=FacilityFactory(parent=officer.service))
    SupervisionPeriodFactory(person=person, starts_on=dt.date(2021, 1, 1))
    url = reverse("justice:person-record", args=[person.pk])
    _purpose(officer, person.pk)
    officer.get(url)  # warm caches (content types, translations)
    with django_assert_max_num_queries(20):
        response = officer.get(url)
    assert response.status_code == 200
    assert "Serving a custodial sentence" in response.content.decode()


def test_offence_admin_page_adds_a_national_code() -> None:
    admin = _client(Role.SYSTEM_ADMIN)
    url = reverse("justice:offence-list")
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"code": "TH-2", "name": "Shoplifting", "iccs_section": iccs_section("05").pk})
    assert response.status_code == 302
    assert OffenceCategory.objects.get(code="TH-2").iccs_section.code == "05"
    response = admin.post(url, {"code": "TH-2", "name": "Again", "iccs_section": iccs_section("05").pk})
    assert "code" in response.context["form"].errors


def test_case_staff_read_the_offence_codes_but_cannot_add_them(officer: Client) -> None:
    url = reverse("justice:offence-list")
    page = officer.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert "Acts against property only" in page.content.decode()
    assert officer.post(url, {"code": "X9", "name": "X", "iccs_section": iccs_section().pk}).status_code == 403
    assert not OffenceCategory.objects.filter(code="X9").exists()


def test_person_page_shows_the_justice_panels(officer: Client) -> None:
    sentence = DispositionFactory(term_days=365, case__person__actor=officer.user)
    CustodyEpisodeFactory(person=sentence.person, kind=CustodyKind.SENTENCED, disposition=sentence,
                          admitted_on=sentence.decided_on, facility=FacilityFactory(parent=officer.service))
    _purpose(officer, sentence.person.pk)
    page = officer.get(reverse("people:detail", args=[sentence.person.pk])).content.decode()
    assert "Justice status" in page and "Serving a custodial sentence" in page
    assert "Conditional release" in page and "Justice record" in page
    assert reverse("justice:custody-admit", args=[sentence.person.pk]) in page


def test_person_page_shows_summary_staff_the_status_but_not_the_record() -> None:
    prison = FacilityFactory()
    staff = user_with_role(Role.PROGRAMME_STAFF, prison)  # a summary of people held here; no justice.view
    person = CustodyEpisodeFactory(facility=prison).person
    ChargeFactory(case=CaseFactory(person=person, reference="CASE-SECRET"), description="details")
    client = Client()
    client.force_login(staff)
    from reintegra.audit.web import SESSION_KEY

    session = client.session  # outside one's caseload a purpose is asked first: give it
    session[SESSION_KEY] = {str(person.pk): "case_management"}
    session.save()
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Justice status" in body and prison.name in body
    assert "Justice record" not in body and "CASE-SECRET" not in body
    assert client.get(reverse("justice:person-record", args=[person.pk])).status_code == 403
