"""The UI shell: login everywhere, the dashboard, the language switcher, error pages, headers."""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reintegra.accounts.tests.factories import OrganisationFactory, UserFactory, user_with_role
from reintegra.accounts.choices import Role

pytestmark = pytest.mark.django_db

DASHBOARD_URLS = "reintegra.core.tests.urls_dashboard"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_page_request_is_redirected_to_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_anonymous_admin_request_is_redirected_to_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_anonymous_api_request_gets_401_not_a_redirect(client: Client) -> None:
    response = client.get("/api/accounts/me/")
    assert response.status_code in {401, 403}
    assert "Location" not in response


def test_login_page_is_open_and_styled(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "bootstrap.min" in html
    assert 'href="#main"' in html  # skip link


def test_login_form_logs_in_and_lands_on_home(client: Client) -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    response = client.post(reverse("login"), {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_login_with_wrong_password_shows_an_error_and_no_session(client: Client) -> None:
    user = user_with_role(Role.PROBATION_OFFICER)
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session() -> None:
    client = logged_in(user_with_role(Role.PROBATION_OFFICER))
    assert client.get("/").status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_security_headers_are_sent(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_style_attributes() -> None:
    client = logged_in(user_with_role(Role.PRISON_CASE_MANAGER))
    html = client.get("/").content.decode()
    assert " style=" not in html
    # every <script> loads a file
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), chunk[:80]


def test_anonymous_page_renders_without_database_queries(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        client.get(reverse("login"))


def card_links(html: str) -> set[str]:
    """The links of the dashboard cards (the navbar and footer are left out)."""
    import re

    section = html.split("What you can do", 1)[1] if "What you can do" in html else ""
    return set(re.findall(r'class="stretched-link[^"]*" href="([^"]+)"', section))


def expected_cards(user) -> set[str]:
    """What the dashboard should offer, asked of the access policy itself (the rules live there)."""
    from reintegra.accounts.policy import Action, allowed

    expected = {reverse("api-docs")}
    if allowed(user, Action.PERSON_VIEW):
        expected.add(reverse("people:search"))
    if allowed(user, Action.PERSON_EDIT):
        expected.add(reverse("people:create"))
    if allowed(user, Action.ANALYTICS_VIEW):
        expected.add(reverse("analytics:model-list"))
    if allowed(user, Action.JUSTICE_VIEW) or allowed(user, Action.REFERENCE_EDIT):
        expected.add(reverse("justice:offence-list"))
    if allowed(user, Action.REFERRAL_EDIT) or allowed(user, Action.REFERRAL_RESPOND):
        expected.add(reverse("partners:referral-list"))
    if allowed(user, Action.ASSESSMENT_EDIT):
        expected.add(reverse("assessments:due"))
    if allowed(user, Action.FACILITY_VIEW):
        expected.add(reverse("custody:dashboard"))
    if allowed(user, Action.PLAN_VIEW):
        expected.add(reverse("planning:list"))
    if allowed(user, Action.PROGRAMME_MANAGE) or allowed(user, Action.ENROLMENT_EDIT):
        expected.add(reverse("programmes:list"))
    if allowed(user, Action.SUPERVISION_VIEW):
        expected |= {reverse("supervision:caseload"), reverse("supervision:eligibility"),
                     reverse("supervision:net-widening")}
    if allowed(user, Action.RELEASE_VIEW):
        expected |= {reverse("reentry:worklist"), reverse("supervision:eligibility-custody")}
    if allowed(user, Action.RECALL_DECIDE):
        expected.add(reverse("supervision:recall-list"))
    if allowed(user, Action.VOLUNTEER_MANAGE):
        expected.add(reverse("supervision:volunteer-list"))
    if allowed(user, Action.VOLUNTEER_MEET):
        expected.add(reverse("supervision:volunteer-mine"))
    if allowed(user, Action.MEASURE_VIEW):
        expected.add(reverse("community:list"))
    if allowed(user, Action.AUDIT_VIEW):
        expected.add(reverse("audit:search"))
    if allowed(user, Action.SHARING_EDIT):
        expected.add(reverse("privacy:agreement-list"))
    if allowed(user, Action.SUBJECT_ACCESS_RUN):
        expected.add(reverse("privacy:subject-access"))
    if allowed(user, Action.RETENTION_RUN):
        expected.add(reverse("privacy:retention"))
    if allowed(user, Action.ANALYTICS_VIEW):
        expected.add(reverse("privacy:extract"))
    if user.is_staff:
        expected.add(reverse("admin:index"))
    return expected


@pytest.mark.urls(DASHBOARD_URLS)
def test_home_greets_with_roles_and_organisation(django_assert_max_num_queries) -> None:
    organisation = OrganisationFactory(name="North Probation Office")
    user = UserFactory(first_name="Ana", last_name="Silva", role=Role.PROBATION_OFFICER, role__organisation=organisation)
    client = logged_in(user)
    with django_assert_max_num_queries(10):  # session, user, memberships, the policy's roles and rights, savepoints
        response = client.get("/")
    html = response.content.decode()
    assert "Welcome, Ana Silva" in html
    assert "Probation officer at North Probation Office" in html


@pytest.mark.urls(DASHBOARD_URLS)
@pytest.mark.parametrize("role", list(Role))
def test_home_links_exactly_what_the_policy_allows_the_role(role: str) -> None:
    user = user_with_role(role)
    assert card_links(logged_in(user).get("/").content.decode()) == expected_cards(user)


@pytest.mark.urls(DASHBOARD_URLS)
def test_case_staff_are_offered_people_and_analysts_are_not() -> None:
    # A sanity check on the policy the dashboard follows, so the parametrised test above cannot
    # pass by both sides being empty.
    case_manager = card_links(logged_in(user_with_role(Role.PRISON_CASE_MANAGER)).get("/").content.decode())
    assert reverse("people:search") in case_manager and reverse("analytics:model-list") not in case_manager
    analyst = card_links(logged_in(user_with_role(Role.ANALYST)).get("/").content.decode())
    assert reverse("analytics:model-list") in analyst and reverse("people:create") not in analyst


@pytest.mark.urls(DASHBOARD_URLS)
def test_home_without_a_role_shows_the_empty_state() -> None:
    user = UserFactory()
    user.memberships.all().delete()
    html = logged_in(user).get("/").content.decode()
    assert "Your account has no role yet" in html
    assert card_links(html) == {reverse("api-docs")}  # the API documentation is open to everyone


@pytest.mark.urls(DASHBOARD_URLS)
def test_home_for_a_role_that_may_open_nothing_says_so(monkeypatch) -> None:
    monkeypatch.setattr("reintegra.core.selectors.action_allowed", lambda user, action: False)
    html = logged_in(user_with_role(Role.VOLUNTEER)).get("/").content.decode()
    assert "Volunteer probation officer at" in html
    assert "Nothing to open here yet" in html
    assert card_links(html) == {reverse("api-docs")}


@pytest.mark.urls(DASHBOARD_URLS)
def test_system_administrator_is_offered_the_admin_site_only_when_staff() -> None:
    admin = user_with_role(Role.SYSTEM_ADMIN)
    assert reverse("admin:index") not in card_links(logged_in(admin).get("/").content.decode())
    admin.is_staff = True
    admin.save()
    assert reverse("admin:index") in card_links(logged_in(admin).get("/").content.decode())


def test_navbar_skips_links_to_apps_that_are_not_installed() -> None:
    # With the project's own URLs, missing routes are left out instead of crashing the page.
    response = logged_in(user_with_role(Role.PRISON_CASE_MANAGER)).get("/")
    assert response.status_code == 200


def test_language_can_be_switched_before_logging_in(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert '<html lang="es"' in client.get(reverse("login")).content.decode()


def test_language_switch_changes_the_page_language() -> None:
    client = logged_in(user_with_role(Role.PRISON_CASE_MANAGER))
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="es" dir="ltr"' in html


def test_language_switch_rejects_unknown_languages() -> None:
    client = logged_in(user_with_role(Role.PRISON_CASE_MANAGER))
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="en"' in client.get("/").content.decode()


def test_language_switcher_offers_every_configured_language(settings) -> None:
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("ar", "Arabic")]
    html = Client().get(reverse("login")).content.decode()
    for code in ("en", "es", "ar"):
        assert f'name="language" value="{code}"' in html


def test_right_to_left_language_loads_the_rtl_stylesheet(settings) -> None:
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("ar", "Arabic")]
    client = Client()
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert 'dir="rtl"' in html and "bootstrap.rtl.min" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert 'dir="ltr"' in html and "bootstrap.rtl.min" not in html


def test_demo_banner_only_in_demo_mode(settings, client: Client) -> None:
    settings.DEMO_MODE = False
    assert "demo-banner" not in client.get(reverse("login")).content.decode()
    settings.DEMO_MODE = True
    assert "demo-banner" in client.get(reverse("login")).content.decode()


def test_unknown_page_gets_the_404_template() -> None:
    response = logged_in(user_with_role(Role.PRISON_CASE_MANAGER)).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls(DASHBOARD_URLS)
def test_permission_denied_gets_the_403_template() -> None:
    response = logged_in(user_with_role(Role.PRISON_CASE_MANAGER)).get("/test-denied/")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


@pytest.mark.urls(DASHBOARD_URLS)
def test_access_denied_from_a_service_gets_the_403_page_not_a_500() -> None:
    response = logged_in(user_with_role(Role.VOLUNTEER)).get("/test-access-denied/")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_500_template_renders_without_a_request() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_navbar_marks_the_current_section() -> None:
    client = logged_in(user_with_role(Role.PRISON_CASE_MANAGER))
    html = client.get(reverse("people:search")).content.decode()
    assert f'class="nav-link active" href="{reverse("people:search")}" aria-current="page"' in html
    html = client.get(reverse("people:create")).content.decode()
    assert f'class="nav-link active" href="{reverse("people:create")}" aria-current="page"' in html
    assert f'class="nav-link" href="{reverse("people:search")}"' in html


@pytest.mark.urls(DASHBOARD_URLS)
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.ANALYST, Role.PROGRAMME_STAFF, Role.PRISON_CASE_MANAGER])
def test_navbar_offers_only_the_sections_the_role_may_open(role: str) -> None:
    from reintegra.accounts.policy import Action, allowed

    user = user_with_role(role)
    nav = logged_in(user).get("/").content.decode().split("</nav>")[0]
    assert (f'href="{reverse("people:search")}"' in nav) == allowed(user, Action.PERSON_VIEW)
    assert (f'href="{reverse("people:create")}"' in nav) == allowed(user, Action.PERSON_EDIT)
    assert (f'href="{reverse("analytics:model-list")}"' in nav) == allowed(user, Action.ANALYTICS_VIEW)


def test_a_form_without_its_csrf_token_gets_the_explanatory_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "someone", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent" in html and "Nothing was saved" in html
    assert " style=" not in html and "<style" not in html


def test_navbar_links_the_audit_log_for_auditors_only() -> None:
    auditor_html = logged_in(user_with_role(Role.AUDITOR)).get("/").content.decode().split("<main", 1)[0]
    officer_html = logged_in(user_with_role(Role.PROBATION_OFFICER)).get("/").content.decode().split("<main", 1)[0]
    assert reverse("audit:search") in auditor_html
    assert reverse("audit:search") not in officer_html
