from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Membership, User
from reintegra.accounts.policy import scope_persons
from reintegra.custody.models import Unit
from reintegra.justice.models import CustodyEpisode, SupervisionPeriod
from reintegra.people.models import Person
from reintegra.programmes.models import Enrolment, Programme
from reintegra.synth.demo import DEMO_ACCOUNTS, DEMO_EXTRA_ORGANISATIONS, demo_password
from reintegra.synth.models import SynthRun

pytestmark = pytest.mark.django_db


def test_synth_prints_the_realised_rate_and_refuses_a_second_run() -> None:
    out = StringIO()
    call_command("synth", "--persons=60", "--seed=2", "--today=2024-12-31", "--quiet", stdout=out)
    assert Person.objects.count() == 60
    assert out.getvalue() == ""
    out = StringIO()
    with pytest.raises(CommandError, match="--append"):
        call_command("synth", "--persons=60", "--seed=2", "--today=2024-12-31", stdout=out)
    call_command("synth", "--persons=20", "--seed=2", "--today=2024-12-31", "--append", stdout=out)
    assert Person.objects.count() == 80
    assert "Two-year proven reoffending" in out.getvalue()


def test_synth_rejects_a_malformed_date() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("synth", "--persons=5", "--today=31/12/2024")
    assert not Person.objects.exists()


def test_demo_creates_one_login_per_role_and_is_idempotent(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = tmp_path / "static"
    out = StringIO()
    call_command("demo", "--no-serve", "--persons=150", stdout=out, stderr=StringIO())
    persons = Person.objects.count()
    assert persons == 150
    printed = out.getvalue()
    for role in Role.values:
        username = DEMO_ACCOUNTS[role][0]
        user = User.objects.get(username=username)
        assert user.check_password(demo_password(username))
        expected = 1 + len(DEMO_EXTRA_ORGANISATIONS.get(role, ()))
        assert Membership.objects.filter(user=user, role=role, active=True).count() == expected
        assert username in printed and demo_password(username) in printed
    # The demo probation officer has a real caseload.
    assert SupervisionPeriod.objects.filter(officer__username="demo-probation").exists()
    # The catalogue is populated, with people on its cohorts; the demo facility has its units.
    programmes = Programme.objects.count()
    assert programmes > 300 and Enrolment.objects.exists()
    assert Unit.objects.filter(facility__code=DEMO_ACCOUNTS[Role.PROGRAMME_STAFF][1]).exists()

    out = StringIO()
    call_command("demo", "--no-serve", "--persons=150", stdout=out, stderr=StringIO())
    assert Person.objects.count() == persons
    assert Programme.objects.count() == programmes
    assert SynthRun.objects.count() == 1
    assert User.objects.filter(username__startswith="demo-").count() == len(Role.values)
    extra = sum(len(codes) for codes in DEMO_EXTRA_ORGANISATIONS.values())
    assert Membership.objects.filter(user__username__startswith="demo-").count() == len(Role.values) + extra
    # The national supervisor sees everyone currently in custody or under supervision.
    supervisor = User.objects.get(username=DEMO_ACCOUNTS[Role.SUPERVISOR][0])
    in_custody = CustodyEpisode.objects.filter(released_on__isnull=True, voided_at__isnull=True).values("person_id")
    supervised = SupervisionPeriod.objects.filter(ended_on__isnull=True, voided_at__isnull=True).values("person_id")
    active = Person.objects.filter(Q(pk__in=in_custody) | Q(pk__in=supervised)).count()
    assert active > 0 and scope_persons(supervisor, Person.objects.all()).count() >= active
    assert "reusing it" in out.getvalue()
