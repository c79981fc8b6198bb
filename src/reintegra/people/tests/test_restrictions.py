"""Restricted records: services (history kept, audited, validation) and the restriction page."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.core.errors import AccessDenied
from reintegra.people import services
from reintegra.people.access_models import PersonRestriction, RestrictionAccess
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_restrict_needs_a_reason_and_the_permission_and_happens_once() -> None:
    supervisor = user_with_role(Role.SUPERVISOR)
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.person_restrict(person=person, actor=supervisor, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(AccessDenied):
        services.person_restrict(person=person, actor=user_with_role(Role.PRISON_CASE_MANAGER), reason="x")
    restriction = services.person_restrict(person=person, actor=supervisor, reason="related to staff")
    assert list(restriction.access_list.values_list("user_id", flat=True)) == [supervisor.pk]
    with pytest.raises(ValidationError):
        services.person_restrict(person=person, actor=supervisor, reason="again")
    assert PersonRestriction.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="people.personrestriction", person_id=person.pk).count() == 2


def test_access_list_keeps_history_and_is_never_left_empty() -> None:
    supervisor, colleague = user_with_role(Role.SUPERVISOR), user_with_role(Role.PRISON_CASE_MANAGER)
    person = PersonFactory()
    restriction = services.person_restrict(person=person, actor=supervisor, reason="high profile")
    services.restriction_access_grant(restriction=restriction, user=colleague, actor=supervisor)
    with pytest.raises(ValidationError):
        services.restriction_access_grant(restriction=restriction, user=colleague, actor=supervisor)
    services.restriction_access_revoke(restriction=restriction, user=colleague, actor=supervisor)
    with pytest.raises(ValidationError):
        services.restriction_access_revoke(restriction=restriction, user=supervisor, actor=supervisor)
    assert RestrictionAccess.objects.filter(restriction=restriction).count() == 2  # revoked row kept
    lifted = services.person_unrestrict(person=person, actor=supervisor, reason="case closed")
    assert lifted.lifted_by == supervisor and lifted.lift_reason == "case closed"
    assert not RestrictionAccess.objects.filter(revoked_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.person_unrestrict(person=person, actor=supervisor, reason="again")


def test_restriction_page_restricts_grants_by_username_and_lifts(client) -> None:
    supervisor = user_with_role(Role.SUPERVISOR)
    colleague = user_with_role(Role.PRISON_CASE_MANAGER)
    person = PersonFactory()
    client.force_login(supervisor)
    url = reverse("people:restriction", args=[person.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "restrict", "reason": ""}).status_code == 200  # field error, nothing saved
    assert not PersonRestriction.objects.exists()
    assert client.post(url, {"action": "restrict", "reason": "high profile"}).status_code == 302
    response = client.post(url, {"action": "grant", "username": "nobody-like-this"})
    assert "There is no active user with that username." in response.content.decode()
    assert client.post(url, {"action": "grant", "username": colleague.username}).status_code == 302
    assert client.post(url, {"action": "revoke", "user": str(colleague.pk)}).status_code == 302
    assert client.post(url, {"action": "unrestrict", "reason": "over"}).status_code == 302
    restriction = PersonRestriction.objects.get()
    assert restriction.lifted_at is not None and restriction.access_list.count() == 2
