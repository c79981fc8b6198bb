"""People benchmark: 100,000 persons, then server time of search by name, search by identifier
and the person page.

Run: .venv/bin/python bench/people_bench.py [--persons 100000] [--samples 200]
Target: each under 50 ms median (server time through the Django stack, logged-in case manager).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from benchlib import django_in_temp_dir, summary

GIVEN = [
    "José", "María", "Juan", "Ana", "Luis", "Lucía", "Carlos", "Sofía", "Jorge", "Camila", "Miguel", "Valentina",
    "Ahmed", "Fatima", "Omar", "Aisha", "Youssef", "Leila", "Wei", "Li", "Chen", "Mei", "Ivan", "Olga", "Dmitri",
    "Natalia", "Jean", "Amélie", "Pierre", "Chloé", "John", "Mary", "James", "Sarah", "David", "Emma", "Kwame",
    "Amara", "Thabo", "Zanele", "Raúl", "Inés", "Óscar", "Bárbara", "Iñigo", "Nuria", "Pedro", "Rosa", "Tomás",
    "Elena", "Hugo", "Julia", "Mateo", "Paula", "Diego", "Marta", "Pablo", "Clara", "Andrés", "Irene",
]
FAMILY_A = ["Garc", "Rodr", "Mart", "Hern", "Lóp", "Gonz", "Pér", "Sánch", "Ram", "Torr", "Flor", "Riv", "Góm",
            "Díaz", "Cruz", "Mor", "Ort", "Gut", "Cháv", "Ruiz", "Al", "Ben", "Haddad", "Nak", "Ivan", "Petr",
            "Dub", "Lef", "Wang", "Zhang", "Smith", "John", "Brown", "Okaf", "Mensah", "Nkos", "Kov", "Novák"]
FAMILY_B = ["ía", "iguez", "ínez", "ández", "ez", "ález", "ez", "ez", "os", "es", "ero", "era", "ana", "ino",
            "oso", "ado", "ova", "enko", "sky", "ard", "son", "ini", "ar", "el", "i", "o"]


def _family(rng: random.Random) -> str:
    name = rng.choice(FAMILY_A) + rng.choice(FAMILY_B)
    if rng.random() < 0.2:
        name += " " + rng.choice(FAMILY_A) + rng.choice(FAMILY_B)
    return name



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data_dir = django_in_temp_dir("reintegra-people-bench-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reintegra.accounts.choices import OrganisationKind, Role
    from reintegra.accounts.models import Membership, Organisation, User
    from reintegra.people.choices import IdentifierKind, Sex
    from reintegra.people.models import Identifier, Person, TimelineEvent
    from reintegra.people.services import PersonInput, person_bulk_create, timeline_record_many

    rng = random.Random(args.seed)
    organisation = Organisation.objects.create(kind=OrganisationKind.PRISON, name="Bench prison", code="bench")
    user = User.objects.create_user(username="bench", password="bench-password-123")
    Membership.objects.create(user=user, organisation=organisation, role=Role.PRISON_CASE_MANAGER)

    started = time.perf_counter()
    batch = 5000
    for offset in range(0, args.persons, batch):
        rows = []
        for n in range(offset, min(offset + batch, args.persons)):
            identifiers = [(IdentifierKind.NATIONAL_ID, f"N{n:08d}")]
            if n % 2 == 0:
                identifiers.append((IdentifierKind.PRISON_NUMBER, f"P{n:07d}X"))
            rows.append(PersonInput(
                given_name=rng.choice(GIVEN), family_name=_family(rng),
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000)),
                sex=rng.choice([Sex.MALE, Sex.FEMALE]), identifiers=identifiers,
            ))
        persons = person_bulk_create(actor=user, rows=rows)
        timeline_record_many([
            TimelineEvent(person=person, kind="person.updated", occurred_on=dt.date(2020, 1, 1) + dt.timedelta(days=k * 90),
                          source_app="people", params={"fields": ["nationality"]})
            for person in persons for k in range(3)
        ])
    load_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    try:  # a staff session that has passed the second factor, as after a real login
        from reintegra.accounts.middleware import SESSION_KEY as TWO_FACTOR_KEY

        session = client.session
        session[TWO_FACTOR_KEY] = True
        session.save()
    except ImportError:
        pass
    person_ids = list(Person.objects.values_list("pk", flat=True))
    identifier_values = list(Identifier.objects.values_list("value", flat=True)[: args.persons * 2])
    names = list(Person.objects.values_list("given_name", "family_name")[:5000])

    def name_query() -> str:
        given, family = rng.choice(names)
        style = rng.randrange(3)
        if style == 0:
            return f"{given} {family}"  # full name, as typed with accents
        if style == 1:
            return family.split()[0].lower()  # family name only, lower case
        return f"{family.split()[0][:3]} {given[:2]}"  # prefixes of both

    def measure(url_for: object) -> tuple[list[float], list[int]]:
        timings, counts = [], []
        for _ in range(5):  # warm-up
            client.get(url_for())  # type: ignore[operator]
        for _ in range(args.samples):
            url = url_for()  # type: ignore[operator]
            with CaptureQueriesContext(connection) as queries:
                begun = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - begun)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(len(queries))
        return timings, counts

    from urllib.parse import urlencode

    results = [
        ("search by name", measure(lambda: "/people/?" + urlencode({"q": name_query()}))),
        ("search by identifier", measure(lambda: "/people/?" + urlencode({"q": rng.choice(identifier_values)}))),
        ("person page", measure(lambda: f"/people/{rng.choice(person_ids)}/")),
    ]
    print(f"database: SQLite in {data_dir}")
    print(f"loaded {Person.objects.count():,} persons, {Identifier.objects.count():,} identifiers, "
          f"{TimelineEvent.objects.count():,} timeline events in {load_seconds:.1f} s")
    for label, (timings, counts) in results:
        print(summary(label, timings, counts))
    print("target: each under 50 ms median")


if __name__ == "__main__":
    main()
