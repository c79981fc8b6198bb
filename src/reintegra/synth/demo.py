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


@transaction.atomic
def demo_volunteer_assignments_ensure() -> int:
    """Give the demo volunteer a few people to support: the first people of the demo probation
    officer's caseload, assigned by that officer (the volunteer sees only those, in summary).
    Running it again adds nothing. Returns how many assignments are open."""
    from reintegra.accounts.policy import Level, scope_persons
    from reintegra.people.models import Person
    from reintegra.supervision.models import VolunteerAssignment
    from reintegra.supervision.services import volunteer_assign

    officer = User.objects.filter(username=DEMO_ACCOUNTS[Role.PROBATION_OFFICER][0]).first()
    volunteer = User.objects.filter(username=DEMO_ACCOUNTS[Role.VOLUNTEER][0]).first()
    if officer is None or volunteer is None:
        return 0
    open_rows = VolunteerAssignment.objects.filter(volunteer=volunteer, ended_on__isnull=True)
    missing = DEMO_VOLUNTEER_PEOPLE - open_rows.count()
    if missing > 0:
        caseload = scope_persons(officer, Person.objects.filter(voided_at__isnull=True), level=Level.FULL)
        for person in caseload.exclude(pk__in=open_rows.values("person_id")).order_by("pk")[:missing]:
            volunteer_assign(actor=officer, volunteer=volunteer, person=person)
    return open_rows.count()
