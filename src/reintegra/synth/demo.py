"""Demo logins: one account per role, each in a sensible organisation of the synthetic jurisdiction.

The passwords are fixed and published (docs/synthetic-jurisdiction.md) because this is a demo:
run it with ``REINTEGRA_DEMO=1`` on localhost only, never on a server holding real data.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Membership, Organisation, User
from reintegra.accounts.services import membership_create, user_create

DEMO_SEED = 20240601
DEMO_PASSWORD_SUFFIX = "-demo-2468"

# role -> (username, organisation code, first name, last name)
DEMO_ACCOUNTS: dict[str, tuple[str, str, str, str]] = {
    Role.SYSTEM_ADMIN: ("demo-admin", "xr-prison-service", "Ada", "Administradora"),
    Role.PRISON_CASE_MANAGER: ("demo-case-manager", "xr-prison-norte-1", "Carmen", "Gestora"),
    Role.PROGRAMME_STAFF: ("demo-programme", "xr-prison-norte-1", "Pablo", "Programas"),
    Role.PROBATION_OFFICER: ("demo-probation", "xr-probation-norte-1", "Paula", "Oficial"),
    Role.SUPERVISOR: ("demo-supervisor", "xr-probation-norte-1", "Sergio", "Supervisor"),
    Role.VOLUNTEER: ("demo-volunteer", "xr-probation-norte-1", "Valeria", "Voluntaria"),
    Role.PARTNER_CASEWORKER: ("demo-partner", "xr-ngo-norte", "Nora", "Fundación"),
    Role.ANALYST: ("demo-analyst", "xr-statistics", "Andrés", "Analista"),
    Role.AUDITOR: ("demo-auditor", "xr-inspectorate", "Inés", "Inspectora"),
    Role.PERSON: ("demo-person", "xr-probation-norte-1", "José", "Ramírez"),
    Role.RJ_FACILITATOR: ("demo-facilitator", "xr-ngo-norte", "Fátima", "Facilitadora"),
}


# Extra memberships: the demo supervisor also supervises nationally (both services, so every
# facility and office below them), so one login shows the whole jurisdiction's current population.
DEMO_EXTRA_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    Role.SUPERVISOR: ("xr-prison-service", "xr-probation-service"),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    password: str


def demo_password(username: str) -> str:
    """The published demo password of ``username`` (e.g. ``demo-probation-demo-2468``)."""
    return username + DEMO_PASSWORD_SUFFIX


@transaction.atomic
def demo_logins_ensure() -> list[DemoLogin]:
    """Create (or repair) one login per role; running it again changes nothing.

    Needs the synthetic jurisdiction's organisations. An existing demo user keeps its account;
    its membership and published password are restored if they were changed.
    """
    logins = []
    for role in Role.values:
        username, code, first, last = DEMO_ACCOUNTS[role]
        organisation = Organisation.objects.get(code=code)
        password = demo_password(username)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(username=username, password=password, organisation=organisation, role=role,
                               first_name=first, last_name=last)
        else:
            if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
                membership_create(user=user, organisation=organisation, role=role)
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
        names = [organisation.name]
        for extra_code in DEMO_EXTRA_ORGANISATIONS.get(role, ()):
            extra = Organisation.objects.filter(code=extra_code).first()
            if extra is None:
                continue
            if not Membership.objects.filter(user=user, organisation=extra, role=role).exists():
                membership_create(user=user, organisation=extra, role=role)
            names.append(extra.name)
        logins.append(DemoLogin(username=username, role=str(Role(role).label), organisation=" + ".join(names),
                                password=password))
    return logins


DEMO_VOLUNTEER_PEOPLE = 3
DEMO_VOLUNTEER_WEEKS = 10  # the demo volunteer has supported them for about this long


@transaction.atomic
def demo_volunteer_assignments_ensure() -> int:
    """Give the demo volunteer a few people to support: people of the demo probation officer's
    caseload under open supervision (lowest levels first), assigned by that officer about
    ``DEMO_VOLUNTEER_WEEKS`` weeks ago (or from the period's start), with the volunteer's meeting
    notes since then, the officer's review of all but the latest, and one concern to look at.
    The volunteer sees only those people, in summary. Running it again adds nothing. Returns how
    many assignments are open."""
    import datetime as dt

    from django.utils import timezone

    from reintegra.accounts.policy import Level, scope_persons
    from reintegra.justice.models import SupervisionPeriod
    from reintegra.people.models import Person
    from reintegra.supervision.models import LevelDecision, VolunteerAssignment
    from reintegra.supervision.services import volunteer_assign
    from reintegra.synth.volunteers import meetings_ensure

    officer = User.objects.filter(username=DEMO_ACCOUNTS[Role.PROBATION_OFFICER][0]).first()
    volunteer = User.objects.filter(username=DEMO_ACCOUNTS[Role.VOLUNTEER][0]).first()
    if officer is None or volunteer is None:
        return 0
    today = timezone.localdate()
    open_rows = VolunteerAssignment.objects.filter(volunteer=volunteer, ended_on__isnull=True)
    missing = DEMO_VOLUNTEER_PEOPLE - open_rows.count()
    if missing > 0:
        caseload = scope_persons(officer, Person.objects.filter(voided_at__isnull=True), level=Level.FULL)
        periods = (SupervisionPeriod.objects.filter(officer=officer, ended_on__isnull=True, voided_at__isnull=True,
                                                    person__in=caseload.exclude(pk__in=open_rows.values("person_id")))
                   .exclude(kind="pretrial").select_related("person"))
        periods = list(periods.order_by("starts_on", "pk"))
        levels = dict(LevelDecision.objects.filter(period__in=periods, superseded_at__isnull=True)
                      .values_list("period_id", "level"))
        rank = {"low": 0, "medium": 1, "high": 2}
        chosen: dict[int, SupervisionPeriod] = {}
        for period in sorted(periods, key=lambda p: rank.get(levels.get(p.pk, ""), 9)):
            chosen.setdefault(period.person_id, period)
            if len(chosen) == missing:
                break
        for period in chosen.values():
            start = max(period.starts_on, today - dt.timedelta(weeks=DEMO_VOLUNTEER_WEEKS))
            volunteer_assign(actor=officer, volunteer=volunteer, person=period.person, starts_on=start)
        if len(chosen) < missing:  # a caseload without supervised people: the first people in view
            for person in caseload.exclude(pk__in=open_rows.values("person_id")).order_by("pk")[:missing - len(chosen)]:
                volunteer_assign(actor=officer, volunteer=volunteer, person=person)
    meetings_ensure(volunteer=volunteer, officer=officer, today=today)
    return open_rows.count()
