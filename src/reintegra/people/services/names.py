"""Folded names and the search tokens kept in step with them."""
from __future__ import annotations

import re
from collections.abc import Iterable

from reintegra.core.text import fold
from reintegra.people.models import NameToken, Person, PersonAlias

_WORD = re.compile(r"[^\W_]+")
TOKEN_MAX = 120


def search_name_for(given_name: str, family_name: str) -> str:
    """The accent- and case-folded "given family" stored in ``search_name``."""
    return fold(f"{given_name} {family_name}")[:250]


def sort_name_for(given_name: str, family_name: str) -> str:
    """The folded "family given" that lists sort by."""
    return fold(f"{family_name} {given_name}")[:250]


def name_tokens(text: str) -> list[str]:
    """The searchable words of a name: letter/digit runs of the folded text, plus each
    punctuated word joined up ("o'brien" gives "o", "brien" and "obrien")."""
    found: set[str] = set()
    for word in fold(text).split():
        parts = _WORD.findall(word)
        found.update(part[:TOKEN_MAX] for part in parts)
        if len(parts) > 1:
            found.add("".join(parts)[:TOKEN_MAX])
    return sorted(found)


def query_words(query: str) -> list[str]:
    """The words of a search query, folded the way tokens are (punctuation splits words)."""
    words: list[str] = []
    for word in fold(query).split():
        words.extend(part[:TOKEN_MAX] for part in _WORD.findall(word))
    return words


def tokens_for_person(person: Person) -> list[NameToken]:
    return [NameToken(person=person, token=t) for t in name_tokens(f"{person.given_name} {person.family_name}")]


def tokens_for_alias(alias: PersonAlias) -> list[NameToken]:
    return [
        NameToken(person_id=alias.person_id, alias=alias, token=t)
        for t in name_tokens(f"{alias.given_name} {alias.family_name}")
    ]


def rebuild_person_tokens(persons: Iterable[Person]) -> None:
    """Replace the tokens of each person's own name (alias tokens are left alone)."""
    persons = list(persons)
    NameToken.objects.filter(person__in=persons, alias__isnull=True).delete()
    NameToken.objects.bulk_create([token for person in persons for token in tokens_for_person(person)])
