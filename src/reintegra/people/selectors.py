"""Reads of person records, always scoped by the access policy."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from reintegra.accounts.policy import Action, Level, allowed, person_access, person_load, scope_persons
from reintegra.core.models import RecordVersion
from reintegra.core.text import fold
from reintegra.core.versioning import history_for
from reintegra.people.choices import FlagCategory, IdentifierKind, Relationship
from reintegra.people.models import Contact, Identifier, NameToken, Person, PersonAlias, PersonFlag, TimelineEvent
from reintegra.people.scopes import summary_kinds
from reintegra.people.services.names import query_words
from reintegra.people.services.validation import normalise_identifier

_HIGHEST_CHAR = "\U0010ffff"
_HAS_DIGIT = re.compile(r"\d")
DUPLICATE_THRESHOLD = 60.0
CANDIDATE_CAP = 400
INSIDE_WORD_CAP = 500  # distinct name words matched inside; a fragment that common is not a useful search


_SUBSTANCE_FLAGS = {FlagCategory.SUBSTANCE_USE}


def visible_flag_categories(user: Any) -> set[str]:
    """The flag categories the user may see: health and disability ones with ``need.health``,
    substance use with ``need.substance`` (need-to-know categories, granted per role or user)."""
    categories: set[str] = set()
    if allowed(user, Action.NEED_HEALTH):
        categories |= {c for c in FlagCategory.values if c not in _SUBSTANCE_FLAGS}
    if allowed(user, Action.NEED_SUBSTANCE):
        categories |= set(_SUBSTANCE_FLAGS)
    return categories


def can_see_flags(user: Any) -> bool:
    """Whether the user may see any health, disability or substance-use flag."""
    return bool(visible_flag_categories(user))


def _withhold_victim_safety(user: Any, contacts: list[Contact]) -> list[Contact]:
    """Without ``need.victim_safety``: victims are left out and the details of safety restrictions
    are blanked (the restriction itself stays visible, so nobody contacts a restricted person)."""
    if allowed(user, Action.NEED_VICTIM_SAFETY):
        return contacts
    kept = [contact for contact in contacts if contact.relationship != Relationship.VICTIM]
    for contact in kept:
        if contact.safety_restriction:
            contact.restriction_details = ""
    return kept


def _active_persons(user: Any) -> QuerySet[Person]:
    return scope_persons(user, Person.objects.filter(voided_at__isnull=True, merged_into__isnull=True))


def _token_prefix(word: str) -> QuerySet[NameToken]:
    """Tokens starting with ``word``, as an index range scan on every back-end."""
    if connection.vendor == "postgresql":
        return NameToken.objects.filter(token__startswith=word)  # LIKE 'word%' on the pattern_ops index
    # SQLite's LIKE ignores case, so it cannot use the index; a range over the binary order can.
    return NameToken.objects.filter(token__gte=word, token__lt=word + _HIGHEST_CHAR)


def _active_identifiers() -> Prefetch:
    return Prefetch(
        "identifiers", queryset=Identifier.objects.filter(voided_at__isnull=True).order_by("kind", "id"),
        to_attr="active_identifiers",
    )


def _inside_words(base: QuerySet[Person], words: list[str]) -> QuerySet[Person]:
    """People with, for every word, a name word containing it. The distinct name words are few
    (hundreds to thousands), so one scan of the token index per query word finds them, and the
    people are then fetched by exact, indexed token look-ups."""
    results = base
    for word in words:
        tokens = list(
            NameToken.objects.filter(token__contains=word).values_list("token", flat=True).distinct()[:INSIDE_WORD_CAP]
        )
        if not tokens:
            return base.none()
        results = results.filter(pk__in=NameToken.objects.filter(token__in=tokens).values("person_id"))
    return results


def person_search(*, user: Any, query: str, limit: int | None = 50) -> QuerySet[Person]:
    """Active people matching ``query``: an exact identifier value (spaces and case ignored), or
    names and aliases where every word of the query starts a word of the name ("jos gar" finds
    "José García"; accents and case never matter). When no name starts that way, words of three
    letters or more also match inside names ("arcia" finds "García"). Identifiers are prefetched
    as ``active_identifiers``; ``limit=None`` returns the whole (paginable) result."""
    query = (query or "").strip()
    base = _active_persons(user)
    if not query:
        return base.none()
    results = base.none()
    if _HAS_DIGIT.search(query):
        value = normalise_identifier(query)
        results = base.filter(
            pk__in=Identifier.objects.filter(value=value, voided_at__isnull=True).values("person_id")
        )
    words = query_words(query)
    if words and not (_HAS_DIGIT.search(query) and results.exists()):
        by_prefix = base
        for word in words:
            by_prefix = by_prefix.filter(pk__in=_token_prefix(word).values("person_id"))
        results = by_prefix
        if all(len(word) >= 3 for word in words) and not by_prefix.exists():
            results = _inside_words(base, words)
    results = results.order_by("sort_name", "id").prefetch_related(_active_identifiers())
    return results[:limit] if limit else results


def person_get(*, user: Any, pk: Any, level: Level = Level.SUMMARY) -> Person:
    """One person the user may see at ``level`` or more, with their access as ``person.access``
    (``accounts.policy.PersonAccess``) and active identifiers and aliases prefetched as
    ``active_*`` lists. Contacts and (for those allowed) health flags are loaded only for users who
    see the full record; below it ``active_contacts`` and ``active_flags`` are empty. Out of scope
    or unknown both give 404, so a record's existence is never revealed."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    person = person_load(user, Person.objects.select_related("merged_into"), pk, level=level)
    if person is None:
        raise Http404
    lookups: list[Any] = [
        _active_identifiers(),
        Prefetch("aliases", queryset=PersonAlias.objects.filter(voided_at__isnull=True).order_by("id"),
                 to_attr="active_aliases"),
    ]
    if person.access.full:
        flags = PersonFlag.objects.filter(voided_at__isnull=True, category__in=visible_flag_categories(user))
        lookups += [
            Prefetch("contacts", queryset=Contact.objects.filter(voided_at__isnull=True).order_by("name", "id"),
                     to_attr="active_contacts"),
            Prefetch("flags", queryset=flags.order_by("-created_at"), to_attr="active_flags"),
        ]
    else:
        person.active_contacts, person.active_flags = [], []
    prefetch_related_objects([person], *lookups)
    person.active_contacts = _withhold_victim_safety(user, person.active_contacts)
    return person


def person_timeline(
    *, user: Any, person: Person, page: int | str | None = None, per_page: int = 25
) -> QuerySet[TimelineEvent] | Page:
    """The person's events, newest first; with ``page`` given, that page (``Paginator.get_page``,
    so a bad page number gives the nearest valid page). Below the full record only the kinds that
    reveal no offence, health or contact details (``people.scopes.summary_kinds``)."""
    access = person_access(user, person)
    if not access.visible:
        raise Http404
    events = TimelineEvent.objects.filter(person=person).select_related("actor").order_by("-occurred_on", "-id")
    if not access.full:
        events = events.filter(kind__in=sorted(summary_kinds()))
    if page is None:
        return events
    return Paginator(events, per_page).get_page(page)


def person_history(*, user: Any, person: Person) -> QuerySet[RecordVersion]:
    """The change history of the person record itself, newest first (for the full record only)."""
    if not person_access(user, person).full:
        raise Http404
    return history_for(person).order_by("-version", "-id")


@dataclass
class DuplicateCandidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def _dob_adjustment(wanted: dt.date | None, found: dt.date | None) -> tuple[float, str | None]:
    if wanted is None or found is None:
        return 0.0, None
    if wanted == found:
        return 25.0, _("Same date of birth")
    if (wanted.year, wanted.month, wanted.day) == (found.year, found.day, found.month):
        return 12.0, _("Date of birth with day and month swapped")
    if wanted.year == found.year and (wanted.month == found.month or wanted.day == found.day):
        return 5.0, _("Similar date of birth")
    return -20.0, None


def person_duplicates(
    *,
    user: Any,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
    identifiers: Iterable[tuple[str, str]] = (),
    exclude_pk: int | None = None,
    limit: int = 20,
) -> list[DuplicateCandidate]:
    """Records that may be the same person, best first, each with a score (0-100) and the reasons.

    Candidates come from indexed look-ups only (same identifier, same date of birth, or a name
    word starting like the family name together with one starting with the given name's initial),
    then names are compared with rapidfuzz against the record's name and aliases.
    """
    base = _active_persons(user)
    if exclude_pk is not None:
        base = base.exclude(pk=exclude_pk)
    wanted_name = fold(f"{given_name} {family_name}")
    reasons: dict[int, list[str]] = {}

    pairs = [(kind, normalise_identifier(value)) for kind, value in identifiers if value]
    identifier_hits: set[int] = set()
    if pairs:
        condition = Q(pk__in=[])
        for kind, value in pairs:
            condition |= Q(kind=kind, value=value)
        for person_id, kind, value in Identifier.objects.filter(condition, voided_at__isnull=True).values_list(
            "person_id", "kind", "value"
        ):
            identifier_hits.add(person_id)
            label = IdentifierKind(kind).label if kind in IdentifierKind.values else kind
            reasons.setdefault(person_id, []).append(
                _("Same identifier: %(kind)s %(value)s") % {"kind": label, "value": value}
            )

    candidate_ids: set[int] = set(identifier_hits)
    if date_of_birth is not None:
        candidate_ids.update(base.filter(date_of_birth=date_of_birth).values_list("pk", flat=True)[:CANDIDATE_CAP])
    family_words = query_words(family_name)
    given_words = query_words(given_name)
    if family_words:
        by_name = base.filter(pk__in=_token_prefix(family_words[0][:3]).values("person_id"))
        if given_words:
            by_name = by_name.filter(pk__in=_token_prefix(given_words[0][:1]).values("person_id"))
        candidate_ids.update(by_name.values_list("pk", flat=True)[:CANDIDATE_CAP])
    if not candidate_ids:
        return []

    persons = base.filter(pk__in=candidate_ids).prefetch_related(
        _active_identifiers(),
        Prefetch("aliases", queryset=PersonAlias.objects.filter(voided_at__isnull=True), to_attr="active_aliases"),
    )
    found: list[DuplicateCandidate] = []
    for person in persons:
        names = [person.search_name] + [alias.search_name for alias in person.active_aliases]
        scores = [fuzz.token_sort_ratio(wanted_name, name) for name in names]
        name_score = max(scores)
        why = list(reasons.get(person.pk, []))
        if name_score >= 70:
            if scores.index(name_score) == 0:
                why.append(_("Similar name (%(score)s%%)") % {"score": round(name_score)})
            else:
                why.append(_("Similar to an alias (%(score)s%%)") % {"score": round(name_score)})
        adjustment, dob_reason = _dob_adjustment(date_of_birth, person.date_of_birth)
        if dob_reason:
            why.append(dob_reason)
        score = 100.0 if person.pk in identifier_hits else min(100.0, name_score * 0.75 + adjustment)
        if score >= DUPLICATE_THRESHOLD:
            found.append(DuplicateCandidate(person=person, score=round(score, 1), reasons=why))
    found.sort(key=lambda c: (-c.score, c.person.sort_name, c.person.pk))
    return found[:limit]


def person_list(*, user: Any) -> QuerySet[Person]:
    """Every active person the user may see, newest record first, identifiers prefetched."""
    return _active_persons(user).order_by("-id").prefetch_related(_active_identifiers())
