"""The allocation page (ranking explained, decide with a reason, confirmation step), the person-page
panel, and the API: scoping (404 outside the scope, 403 without allocation.decide), audited reads,
refusals that change nothing."""
from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reintegra.accounts.choices import Role
from reintegra.accounts.tests.factories import FacilityFactory, user_with_role
from reintegra.audit.models import AuditEvent
from reintegra.audit.web import SESSION_KEY as PURPOSES
from reintegra.custody.models import AllocationDecision
from reintegra.justice.models import CustodyEpisode
from reintegra.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REASON = "Near to his mother and offers both programmes he needs."
NOT_TOP = "Far keeps him close to the drug programme he started; Near's workshop has no place for him."


@pytest.fixture
def page(client, world):
    """The manager holds the person through the facility (not their own caseload): the purpose
    was stated once in this session, as the prompt asks."""
    client.force_login(world.manager)
    session = client.session
    session[PURPOSES] = {str(world.person.pk): "case_management"}
    session.save()
    return client


def _url(world, name="custody:allocation"):
    return reverse(name, args=[world.person.pk])


def _post(client, world, facility, reason=REASON, confirm=False, **extra):
    data = {"required_security": "medium", "facility": facility.pk, "reason": reason,
            "expected_episode": world.episode.pk, "expected_episode_version": world.episode.version} | extra
    if confirm:
        data["confirm"] = "on"
    return client.post(_url(world, "custody:allocation-decide"), data)


class TestPage:
    def test_ranking_with_an_explanation_per_criterion_and_an_audited_read(self, page, world) -> None:
        response = page.get(_url(world), {"required_security": "medium"})
        html = response.content.decode()
        ranking = response.context["ranking"]
        assert [r.name for r in ranking.ranked] == ["Near", "Far", "Old"]
        assert html.count('name="facility"') == 3 and "data-unsuitable" in html
        assert "Low security is below the required level (Medium)." in html
        assert "Medium security: the required level." in html and "0 km from Mum." in html
        assert "Nothing is recorded until you confirm" in html
        assert AuditEvent.objects.filter(action="read", object_type="custody.allocation",
                                         person_id=world.person.pk).count() == 1

    def test_outside_the_own_caseload_a_purpose_comes_first(self, client, world) -> None:
        client.force_login(world.manager)
        html = client.get(_url(world), {"required_security": "medium"}).content.decode()
        assert "Near" not in html and 'name="purpose"' in html
        assert not AuditEvent.objects.filter(action="read", object_type="custody.allocation").exists()

    def test_the_level_defaults_to_the_current_facility_and_a_bad_one_is_explained(self, page, world) -> None:
        assert page.get(_url(world)).context["ranking"].required_security == "medium"  # Old is medium
        response = page.get(_url(world), {"required_security": "supermax"})
        assert response.context["ranking"] is None and "invalid-feedback" in response.content.decode()

    def test_not_in_custody_and_never_decided_asks_for_the_level(self, page, world) -> None:
        person = PersonFactory(actor=world.manager)
        response = page.get(reverse("custody:allocation", args=[person.pk]))
        assert response.context["ranking"] is None and "data-security-form" in response.content.decode()

    def test_review_then_confirm_transfers(self, page, world) -> None:
        review = _post(page, world, world.Near)
        html = review.content.decode()
        assert review.status_code == 200 and "data-confirmation" in html and "data-not-top" not in html
        assert "is transferred today from Old to Near" in html and "Confirm and transfer" in html
        assert not AllocationDecision.objects.exists()  # nothing until confirmed
        done = _post(page, world, world.Near, confirm=True)
        assert done.status_code == 302 and done["Location"] == _url(world)
        decision = AllocationDecision.objects.get()
        assert (decision.facility, decision.outcome, decision.chosen_rank) == (world.Near, "transfer", 1)
        assert CustodyEpisode.objects.get(pk=world.episode.pk).released_on is not None

    def test_not_the_top_needs_the_stronger_reason_and_warns(self, page, world) -> None:
        short = _post(page, world, world.Far, reason="Closer to the programme.")
        assert "explain why the higher-ranked facilities were passed over" in short.content.decode()
        assert "data-confirmation" not in short.content.decode()
        review = _post(page, world, world.Far, reason=NOT_TOP)
        assert "data-not-top" in review.content.decode() and "over the first-ranked Near" in review.content.decode()
        assert _post(page, world, world.Far, reason=NOT_TOP, confirm=True).status_code == 302
        assert AllocationDecision.objects.get().chosen_rank == 2

    def test_refusals_show_on_the_page_and_change_nothing(self, page, world) -> None:
        for response in (_post(page, world, world.Low, confirm=True), _post(page, world, world.Near, reason="",
                                                                             confirm=True)):
            assert response.status_code == 200 and "alert-danger" in response.content.decode()
        assert not AllocationDecision.objects.exists()
        assert CustodyEpisode.objects.get(pk=world.episode.pk).released_on is None

    def test_a_stale_page_says_so_and_changes_nothing(self, page, world) -> None:
        response = _post(page, world, world.Near, confirm=True, expected_episode_version=99)
        assert response.status_code == 302 and "required_security=medium" in response["Location"]
        assert "custody changed" in page.get(response["Location"]).content.decode()
        assert not AllocationDecision.objects.exists()

    @pytest.mark.parametrize("role", [Role.PROBATION_OFFICER, Role.PROGRAMME_STAFF, Role.ANALYST, Role.VOLUNTEER])
    def test_403_without_allocation_decide(self, client, world, role) -> None:
        client.force_login(user_with_role(role, world.Old))
        assert client.get(_url(world), {"required_security": "medium"}).status_code == 403
        assert _post(client, world, world.Near, confirm=True).status_code == 403
        assert not AllocationDecision.objects.exists()

    def test_404_outside_the_scope(self, client, world) -> None:
        client.force_login(user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory()))
        assert client.get(_url(world), {"required_security": "medium"}).status_code == 404
        assert _post(client, world, world.Near, confirm=True).status_code == 404
        assert not AllocationDecision.objects.exists()

    def test_the_person_page_links_to_it(self, page, world) -> None:
        html = page.get(reverse("people:detail", args=[world.person.pk])).content.decode()
        assert "data-allocation-panel" in html and _url(world) in html


class TestApi:
    @pytest.fixture
    def api(self, world):
        client = APIClient()
        client.force_authenticate(world.manager)
        return client

    def _base(self, world):
        return f"/api/custody/allocation/persons/{world.person.pk}/"

    def test_ranking(self, api, world) -> None:
        assert "purpose" in api.get(self._base(world), {"required_security": "medium"}).json()
        body = api.get(self._base(world), {"required_security": "medium", "purpose": "case_management"}).json()
        assert [(f["name"], f["rank"], f["suitable"]) for f in body["facilities"]] == [
            ("Near", 1, True), ("Far", 2, True), ("Old", 3, True), ("Low", None, False)]
        assert body["current_facility"] == world.Old.pk and body["current_episode"] == world.episode.pk
        assert body["facilities"][0]["score"] == 100.0 and body["facilities"][0]["distance_km"] == 0.0
        assert [c["code"] for c in body["facilities"][0]["criteria"]] == [
            "security", "sex", "age", "programmes", "capacity", "family"]
        assert api.get(self._base(world), {"required_security": "x"}).json() == {
            "required_security": ["Choose the security level the person requires."]}
        assert AuditEvent.objects.filter(action="read", object_type="custody.allocation").count() == 1
        default = api.get(self._base(world), {"purpose": "case_management"}).json()
        assert (default["required_security"], default["required_security_source"]) == ("medium", "current")
        unknown = PersonFactory(actor=world.manager)
        assert api.get(f"/api/custody/allocation/persons/{unknown.pk}/").status_code == 400

    def test_decide_list_and_errors(self, api, world) -> None:
        url = f"{self._base(world)}decisions/"
        body = {"facility": world.Near.pk, "required_security": "medium", "reason": REASON,
                "expected_episode": world.episode.pk, "expected_episode_version": world.episode.version}
        assert api.post(url, body | {"reason": "short"}, format="json").status_code == 400
        assert api.post(url, body | {"facility": world.Low.pk}, format="json").json()["facility"][0].startswith(
            "Low cannot hold this person")
        assert api.post(url, body | {"expected_episode_version": 9}, format="json").status_code == 409
        assert not AllocationDecision.objects.exists()
        created = api.post(url, body, format="json")
        assert created.status_code == 201 and created.json()["outcome"] == "transfer"
        # the person now is in Near: out of the Old manager's scope, in the Near manager's
        assert api.get(url, {"purpose": "case_management"}).status_code == 404
        near = APIClient()
        near.force_authenticate(user_with_role(Role.PRISON_CASE_MANAGER, world.Near))
        assert [d["facility"] for d in near.get(url, {"purpose": "case_management"}).json()] == [world.Near.pk]

    def test_admission_then_admit(self, api, world) -> None:
        person = PersonFactory(actor=world.manager)
        created = api.post(f"/api/custody/allocation/persons/{person.pk}/decisions/", {
            "facility": world.Far.pk, "required_security": "medium", "reason": NOT_TOP}, format="json")
        assert created.status_code == 201 and created.json()["outcome"] == "admission"
        admit = f"/api/custody/allocation/persons/{person.pk}/admit/"
        assert api.post(admit, {"kind": "nope", "admitted_on": "2025-01-01"}, format="json").status_code == 400
        done = api.post(admit, {"kind": "remand", "admitted_on": "2025-01-01"}, format="json")
        assert done.status_code == 201 and done.json()["episode"] is not None
        assert CustodyEpisode.objects.get(person=person).facility == world.Far

    def test_403_before_the_body_and_404_outside_the_scope(self, world) -> None:
        officer = APIClient()
        officer.force_authenticate(user_with_role(Role.PROBATION_OFFICER, world.Old))
        url = f"{self._base(world)}decisions/"
        assert officer.get(self._base(world), {"required_security": "medium"}).status_code == 403
        assert officer.post(url, {"nonsense": True}, format="json").status_code == 403
        stranger = APIClient()
        stranger.force_authenticate(user_with_role(Role.PRISON_CASE_MANAGER, FacilityFactory()))
        assert stranger.get(self._base(world), {"required_security": "medium"}).status_code == 404
        assert stranger.post(url, {"facility": world.Near.pk, "required_security": "medium", "reason": REASON},
                             format="json").status_code == 404
        assert stranger.get("/api/custody/allocation/persons/999999/", {"required_security": "low"}).status_code == 404
        assert not AllocationDecision.objects.exists()
