"""The release-preparation pages: the countdown worklist, the record, the checklist, the handover
with the first appointment, the release through its confirmation page, the officer's
acknowledgement, family notification; refusals change nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import user_with_role
from reintegra.audit.tests.helpers import state_purpose
from reintegra.people.tests.factories import ContactFactory
from reintegra.reentry.choices import PreparationStatus
from reintegra.reentry.services.checklist import CHECKLIST_MESSAGE
from reintegra.reentry.tests.factories import book_first_appointment, sentenced_world, waive_checklist

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _login(client, user, person):  # noqa: ANN001, ANN202
    """Log in and give the purpose for opening the person's record (custody at one's prison is not
    one's own caseload, so the pages ask it first)."""
    client.force_login(user)
    state_purpose(client, person.pk)
    return client


def test_worklist_empty_state_and_forbidden_without_the_right(client) -> None:  # noqa: ANN001
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    response = client.get(reverse("reentry:worklist"))
    assert response.status_code == 200 and b"data-empty" in response.content
    client.force_login(user_with_role(Role.PROGRAMME_STAFF))
    assert client.get(reverse("reentry:worklist")).status_code == 403


def test_worklist_lists_the_person_with_the_point_and_searches(
        client, django_assert_max_num_queries) -> None:  # noqa: ANN001
    w = sentenced_world()
    _login(client, w.manager, w.person)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reentry:worklist"))
    assert w.person.full_name in response.content.decode() and b'data-point="12"' in response.content
    response = client.get(reverse("reentry:worklist"), {"q": "zzz-nobody"})
    assert b"data-empty" in response.content


def test_a_record_outside_scope_is_404(client) -> None:  # noqa: ANN001
    w = sentenced_world()
    client.force_login(user_with_role(Role.PRISON_CASE_MANAGER))
    assert client.get(reverse("reentry:detail", args=[w.preparation.pk])).status_code == 404


def test_release_through_the_confirmation_page(client, settings) -> None:  # noqa: ANN001
    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    _login(client, w.manager, w.person)
    url = reverse("reentry:release", args=[w.preparation.pk])
    w.preparation.refresh_from_db()
    body = {"released_on": TODAY.isoformat(), "release_type": "conditional", "version": w.preparation.version}
    response = client.post(url, body, follow=True)
    assert b"data-confirming" in response.content  # nothing recorded yet: the page asks to confirm
    w.preparation.refresh_from_db()
    assert w.preparation.status == PreparationStatus.PREPARING
    response = client.post(url, {**body, "confirm": "yes"})
    assert response.status_code == 400 and CHECKLIST_MESSAGE in response.content.decode()
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    response = client.post(url, {**body, "version": w.preparation.version, "confirm": "yes"})
    assert response.status_code == 302
    w.preparation.refresh_from_db()
    assert w.preparation.status == PreparationStatus.RELEASED


def test_only_the_receiving_officer_may_acknowledge(client) -> None:  # noqa: ANN001
    from reintegra.reentry import services

    w = sentenced_world()
    book_first_appointment(w.preparation, w.manager, officer=w.officer, office=w.office)
    waive_checklist(w.preparation, w.manager)
    w.preparation.refresh_from_db()
    services.release_record(actor=w.manager, preparation=w.preparation, released_on=TODAY, release_type="parole")
    url = reverse("reentry:acknowledge", args=[w.preparation.pk])
    colleague = user_with_role(Role.PROBATION_OFFICER, w.office)
    client.force_login(colleague)
    assert client.post(url).status_code in (403, 404)
    client.force_login(w.officer)
    pending = client.get(reverse("reentry:handovers"))
    assert w.person.full_name in pending.content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    w.preparation.handover.refresh_from_db()
    assert w.preparation.handover.acknowledged_by == w.officer
    assert b"data-empty" in client.get(reverse("reentry:handovers")).content


def test_family_page_shows_why_a_notification_was_blocked(client, settings, tmp_path) -> None:  # noqa: ANN001
    settings.REINTEGRA_NOTIFICATION_DIR = tmp_path
    w = sentenced_world()
    contact = ContactFactory(person=w.person, email="x@example.org", may_be_notified=False)
    _login(client, w.manager, w.person)
    url = reverse("reentry:family", args=[w.preparation.pk])
    response = client.post(url, {"contact": contact.pk, "channel": "email",
                                 "release_on": (TODAY + dt.timedelta(days=20)).isoformat()}, follow=True)
    assert b'data-reason="no_consent"' in response.content
    assert list(tmp_path.iterdir()) == []


def test_waiver_without_reason_comes_back_on_the_form(client) -> None:  # noqa: ANN001
    w = sentenced_world()
    item = w.preparation.checklist.get(item="family_decided")
    _login(client, w.manager, w.person)
    response = client.post(reverse("reentry:checklist-item", args=[w.preparation.pk, item.pk]),
                           {"decision": "waive", "reason": "", "version": item.version})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.state == "open"


def test_the_record_page_has_a_fixed_number_of_queries(client, django_assert_max_num_queries) -> None:  # noqa: ANN001
    from reintegra.reentry import services

    w = sentenced_world()
    pathway = w.preparation.pathways.first()
    for n in range(3):
        services.pathway_action_add(actor=w.manager, pathway=pathway, description=f"Step {n}", owner_kind="person",
                                    due_on=TODAY)
        services.evidence_add(actor=w.manager, pathway=pathway, kind="address_confirmed", seen_on=TODAY)
    _login(client, w.manager, w.person)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("reentry:detail", args=[w.preparation.pk]))
    assert response.status_code == 200 and response.content.count(b"data-action=") == 3
