"""Shared by the authorisation matrix and the field-scope tests: the project's routes (walked from
the URL configuration) and a small world in which a user of a given role has one person in scope,
that person's record holding a detail of every sensitive kind (health flag, contact, identifier,
offence description) so that tests can look for it where it must not appear."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from reintegra.accounts.choices import OrganisationKind, Role
from reintegra.accounts.models import User
from reintegra.accounts.tests.factories import FacilityFactory, OrganisationFactory, user_with_role

# Sensitive details of the world's person, each unique enough to search for in a response.
HEALTH = "Insulin-dependent diabetic Zq7"
CONTACT_NAME = "Marguerite Contactperson"
CONTACT_PHONE = "+44 7700 900461"
CONTACT_ADDRESS = "17 Quarrel Lane, Nowhere"
OFFENCE = "Stabbed the neighbour Zq7 with a kitchen knife"
IDENTIFIER = "NID7719344"


def _routes(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                yield "admin/"
                continue
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _key(route: str) -> str:
    """A route with converters and named groups written ``<name>`` (router regexes included)."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)
    return route.replace("^", "").replace("$", "").replace("\\.", ".")


def project_routes() -> list[str]:
    """Every route of the project, ``<name>`` for each id (format suffix routes left out)."""
    return sorted({_key(route) for route in _routes(get_resolver().url_patterns) if "format" not in route})



def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _build_world(role: str, *, with_model: bool = True) -> dict[str, Any]:
    """One person in ``role``'s scope (when the role can have one) with a case, charge, custody
    stay, supervision period, referral and consent; a sharing agreement, a retention rule and an
    API token of the user. Returns the user and the objects to fill route ids with."""
    from reintegra.accounts.security.tokens import api_token_create
    from reintegra.justice.tests.factories import (
        ChargeFactory, CustodyEpisodeFactory, ProbationOfficeFactory, SupervisionPeriodFactory,
    )
    from reintegra.partners.choices import Purpose, SharedField
    from reintegra.partners.tests.factories import PartnerFactory, referral_for
    from reintegra.privacy.services import agreement_create
    from reintegra.people.choices import FlagCategory
    from reintegra.people.tests.factories import ContactFactory, FlagFactory, IdentifierFactory
    from reintegra.supervision.services import volunteer_assign

    prison, office, partner = FacilityFactory(), ProbationOfficeFactory(), PartnerFactory()
    organisation = {
        Role.PRISON_CASE_MANAGER: prison, Role.PROGRAMME_STAFF: prison,
        Role.PROBATION_OFFICER: office, Role.SUPERVISOR: office, Role.VOLUNTEER: office,
        Role.PARTNER_CASEWORKER: partner,
    }.get(role) or OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    user = user_with_role(role, organisation)
    officer = user if role == Role.PROBATION_OFFICER else user_with_role(Role.PROBATION_OFFICER, office)

    # The person: in custody at the prison and supervised at the office by the officer (both
    # relationships hold, so each role's own relationship is what gives it scope).
    episode = CustodyEpisodeFactory(facility=prison, admitted_on=dt.date(2024, 1, 10))
    person = episode.person
    period = SupervisionPeriodFactory(person=person, office=office, officer=officer, starts_on=dt.date(2024, 6, 1))
    charge = ChargeFactory(case__person=person, description=OFFENCE)
    FlagFactory(person=person, category=FlagCategory.PHYSICAL_HEALTH, description=HEALTH)
    ContactFactory(person=person, name=CONTACT_NAME, phone=CONTACT_PHONE, address=CONTACT_ADDRESS)
    IdentifierFactory(person=person, value=IDENTIFIER)
    if role == Role.VOLUNTEER:
        volunteer_assign(actor=_fresh(officer), volunteer=user, person=person, starts_on=dt.date(2024, 7, 1))
    referral = referral_for(person, partner, fields=(SharedField.NAME, SharedField.STATUS))
    consent = referral.person.consents.get()
    agreement = agreement_create(
        actor=None, provider=prison, partner=partner, purpose=Purpose.ACCOMMODATION,
        fields=[SharedField.NAME, SharedField.STATUS], valid_from=timezone.localdate() - dt.timedelta(days=1),
        signed_by="Director", document_reference="DSA-1",
    )
    token, _key = api_token_create(user=user, name="script", scope="read", days=30)
    model = _trained_model() if with_model else None
    assessment = _completed_screener(person)
    enrolment = _waiting_enrolment(person)
    world = {
        "user": user, "person": person, "case": charge.case, "charge": charge, "episode": episode,
        "period": period, "referral": referral, "consent": consent, "agreement": agreement,
        "token": token, "model": model, "partner": partner, "prison": prison, "officer": officer,
        "assessment": assessment, "instrument": _Code("reintegra-screener"),
        "enrolment": enrolment, "cohort": enrolment.cohort, "programme": enrolment.cohort.programme,
    }
    from reintegra.planning.tests.factories import matrix_plan

    world.update(matrix_plan(world))  # plan, goal, action, handover (to the user when they may take it), number
    from reintegra.community.tests.factories import matrix_measures
    from reintegra.reentry.tests.factories import matrix_release
    from reintegra.supervision.tests.factories import matrix_supervision

    release = matrix_release(world)  # the person's sentence, its release-preparation record and handover
    release["checklist_item"] = release.pop("item")
    world.update(release)
    world.update(matrix_supervision(world))  # condition, contact, appointment, event, volunteer objects
    world.update(matrix_measures(world))  # community service order, diversion, restorative case
    return world


class _Code:
    """Fills a ``<code>`` route id (instrument codes are not primary keys)."""

    def __init__(self, code: str) -> None:
        self.pk = code


def _waiting_enrolment(person: Any) -> Any:
    """``person`` on the waiting list of a cohort of a programme open to everyone."""
    from reintegra.programmes.services import enrolment_request
    from reintegra.programmes.tests.factories import CohortFactory

    return enrolment_request(person=person, cohort=CohortFactory(), actor=None)


def _completed_screener(person: Any) -> Any:
    """A completed screener for ``person`` (lowest answer to every question), through the bulk service."""
    from reintegra.assessments.instruments import instrument_get
    from reintegra.assessments.models import Assessment
    from reintegra.assessments.services import AssessmentInput, assessment_bulk_create

    instrument = instrument_get("reintegra-screener")
    answers = {item.code: item.options[0].code if item.type == "choice" else item.min
               for item in instrument.items() if item.type in {"choice", "number"}}
    completed = timezone.now() - dt.timedelta(days=30)
    assessment_bulk_create(actor=None, rows=[AssessmentInput(
        person_id=person.pk, instrument_code=instrument.code, answers=answers, completed_at=completed)])
    return Assessment.objects.get(person=person)


def _trained_model() -> Any:
    from reintegra.analytics.riskmodels.dataset import DatasetSpec, dataset_from_frame
    from reintegra.analytics.services import trained_model_train
    from reintegra.analytics.tests.test_training import synthetic

    dataset = dataset_from_frame(synthetic(300, seed=4), DatasetSpec(
        target="y", features=("age", "priors", "sex"), groups=("group",), time="when"))
    return trained_model_train(dataset=dataset, source="csv", family="scorecard", purpose="matrix", bootstrap=10)


def _path(route: str, world: dict[str, Any]) -> str:
    """``route`` with each id filled by the world's object of the right kind."""
    kinds = [
        (r"^people/<pk>|^api/people/<pk>", "pk", "person"),
        (r"^(api/)?supervision/periods/<pk>", "pk", "period"),
        (r"^(api/)?supervision/conditions/<pk>", "pk", "condition"),
        (r"^(api/)?supervision/contacts/<pk>", "pk", "contact"),
        (r"^(api/)?supervision/appointments/<pk>", "pk", "appointment"),
        (r"^(api/)?supervision/events/<pk>", "pk", "event"),
        (r"^(api/)?supervision/custody/<pk>", "pk", "sentence_episode"),
        (r"^supervision/volunteers/<pk>|^api/supervision/volunteers/profiles/<pk>", "pk", "volunteer_profile"),
        (r"^(api/)?supervision/volunteers/(assignments|mine)/<pk>", "pk", "assignment"),
        (r"^(api/)?supervision/volunteers/meetings/<pk>", "pk", "meeting"),
        (r"^(api/)?release/<pk>", "pk", "preparation"),
        (r"^(api/)?community/orders/<pk>", "pk", "order"),
        (r"^(api/)?community/diversions/<pk>", "pk", "diversion"),
        (r"^(api/)?community/restorative/<pk>", "pk", "rj_case"),
        (r"<person_pk>|<person_id>", None, "person"),
        (r"<case_pk>|^api/justice/cases/<pk>", "case", "case"),
        (r"<charge_pk>|^api/justice/charges/<pk>", "charge", "charge"),
        (r"<episode_pk>|^api/justice/custody-episodes/<pk>", "episode", "episode"),
        (r"<period_pk>|^api/justice/supervision-periods/<pk>", "period", "period"),
        (r"referrals/<pk>", "pk", "referral"),
        (r"consents/<pk>", "pk", "consent"),
        (r"agreements/<pk>", "pk", "agreement"),
        (r"tokens/<pk>", "pk", "token"),
        (r"models/<pk>", "pk", "model"),
        (r"^assessments/<pk>|^api/assessments/<pk>", "pk", "assessment"),
        (r"instruments/<code>", "code", "instrument"),
        (r"^custody/facilities/<pk>|^api/custody/facilities/<pk>", "pk", "prison"),
        (r"enrolments/<pk>", "pk", "enrolment"),
        (r"cohorts/<pk>", "pk", "cohort"),
        (r"^programmes/<pk>|^api/programmes/programmes/<pk>", "pk", "programme"),
        (r"^plans/<pk>|^api/plans/<pk>", "pk", "plan"),
    ]
    # Routes with a second id name it: each is filled with its own object (None: a missing one).
    path = route
    seconds = [("goal_pk", "goal"), ("action_pk", "action"), ("handover_pk", "handover"),
               ("placement_pk", "placement"), ("entry_pk", "entry"), ("party_pk", "party"),
               ("training_pk", "training"), ("pathway_pk", "pathway"), ("release_action_pk", "release_action"),
               ("evidence_pk", "evidence"),
               ("item_pk", "checklist_item" if re.match(r"^(api/)?release/", route) else "item")]
    for name, kind in seconds:
        found = world.get(kind)
        path = path.replace(f"<{name}>", str(found.pk if found is not None else 999999))
    # A rule of the population the route is about (supervised periods, or people in custody).
    path = path.replace("<rule>", "parole_review" if "custody/" in route else "early_discharge")
    path = path.replace("<number>", str(world.get("number") or 1))
    for pattern, _name, kind in kinds:  # the first match decides
        if re.search(pattern, route):
            found = world[kind]  # None when the world was built without it (no trained model)
            path = re.sub(r"<\w+>", str(found.pk if found is not None else 999999), path)
            break
    assert "<" not in path, f"no object to fill {route} with"
    return "/" + path



@pytest.fixture
def routes() -> list[str]:
    """Every route of the project (see ``project_routes``)."""
    return project_routes()


@pytest.fixture
def world_for() -> Callable[..., dict[str, Any]]:
    """``world_for(role, with_model=True)``: build the world of ``_build_world`` (in the test's database)."""
    return _build_world


@pytest.fixture
def route_path() -> Callable[[str, dict[str, Any]], str]:
    """``route_path(route, world)``: the path of ``route`` with its ids filled from ``world``."""
    return _path
