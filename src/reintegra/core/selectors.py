"""Reads the shared kernel needs for the pages it renders itself (the home dashboard)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reintegra.core.access import action_allowed


@dataclass(frozen=True)
class DashboardLink:
    """One thing the user can do from the home page."""

    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    actions: tuple[str, ...]  # policy actions, any of which opens it; empty: any signed-in user
    staff_only: bool = False


DASHBOARD_LINKS: tuple[DashboardLink, ...] = (
    DashboardLink(
        key="search", title=_("Find a person"), url_name="people:search", actions=("person.view",),
        description=_("Search by name (accents and case do not matter) or by an identifier such as a prison number."),
    ),
    DashboardLink(
        key="create", title=_("Register a person"), url_name="people:create", actions=("person.edit",),
        description=_("Add someone new. Likely duplicates are shown first so nobody is recorded twice."),
    ),
    DashboardLink(
        key="models", title=_("Risk models"), url_name="analytics:model-list", actions=("analytics.view",),
        description=_("Reoffending risk models, how well they perform and how fair they are across groups."),
    ),
    DashboardLink(
        key="offences", title=_("Offence codes"), url_name="justice:offence-list",
        actions=("justice.view", "reference.edit"),
        description=_("The ICCS sections and the national offence codes mapped to them."),
    ),
    DashboardLink(
        key="assessments_due", title=_("Reassessments due"), url_name="assessments:due",
        actions=("assessment.edit",),
        description=_("People in your caseload who are due or overdue a risk and needs reassessment."),
    ),
    DashboardLink(
        key="plans", title=_("Case plans"), url_name="planning:list", actions=("plan.view",),
        description=_("Plans built with each person from their assessment: goals, programmes, reviews due and countersignatures."),
    ),
    DashboardLink(
        key="programmes", title=_("Programmes"), url_name="programmes:list",
        actions=("programme.manage", "enrolment.edit"),
        description=_("The programme catalogue with eligibility and evidence, cohorts, waiting lists and labour demand."),
    ),
    DashboardLink(
        key="caseload", title=_("Caseload"), url_name="supervision:caseload", actions=("supervision.view",),
        description=_("The people you supervise: who is due a contact, who is overdue and who has been unseen longest."),
    ),
    DashboardLink(
        key="release", title=_("Release preparation"), url_name="reentry:worklist", actions=("release.view",),
        description=_("People nearing release: the countdown, resettlement needs still open, the checklist and handovers."),
    ),
    DashboardLink(
        key="eligibility", title=_("Eligibility"), url_name="supervision:eligibility", actions=("supervision.view",),
        description=_("Who qualifies for early discharge or a lower supervision level, and why."),
    ),
    DashboardLink(
        key="eligibility_custody", title=_("Parole and conditional release"),
        url_name="supervision:eligibility-custody", actions=("release.view",),
        description=_("People in custody who are eligible, or nearly eligible, for parole or conditional release."),
    ),
    DashboardLink(
        key="net_widening", title=_("Supervision against risk"), url_name="supervision:net-widening",
        actions=("supervision.view",),
        description=_("Supervision levels against assessed risk: low-risk people under intensive supervision."),
    ),
    DashboardLink(
        key="recalls", title=_("Recall decisions"), url_name="supervision:recall-list", actions=("recall.decide",),
        description=_("Referrals for a recall or revocation decision after repeated serious non-compliance."),
    ),
    DashboardLink(
        key="volunteers", title=_("Volunteer probation officers"), url_name="supervision:volunteer-list",
        actions=("volunteer.manage",),
        description=_("Volunteers of your office: profiles, training, the people they support and their meeting notes."),
    ),
    DashboardLink(
        key="volunteer_mine", title=_("The people I support"), url_name="supervision:volunteer-mine",
        actions=("volunteer.meet",),
        description=_("The people you support as a volunteer, and notes of your meetings with them."),
    ),
    DashboardLink(
        key="community", title=_("Community measures"), url_name="community:list", actions=("measure.view",),
        description=_("Community service orders, diversion to treatment and restorative justice cases."),
    ),
    DashboardLink(
        key="referrals", title=_("Referrals to partners"), url_name="partners:referral-list",
        actions=("referral.edit", "referral.respond"),
        description=_("Referrals to partner organisations for housing, work, health and other support, with consent."),
    ),
    DashboardLink(
        key="occupancy", title=_("Facility occupancy"), url_name="custody:dashboard", actions=("facility.view",),
        description=_("People held in each facility against its capacity, overcrowding and the unsentenced share (SDG 16.3.2)."),
    ),
    DashboardLink(
        key="audit", title=_("Audit log"), url_name="audit:search", actions=("audit.view",),
        description=_("Who read, searched, changed or exported which record, and every refused request."),
    ),
    DashboardLink(
        key="agreements", title=_("Data-sharing agreements"), url_name="privacy:agreement-list",
        actions=("sharing.edit",),
        description=_("Which fields each partner organisation may see, for what purpose and until when."),
    ),
    DashboardLink(
        key="subject_access", title=_("Subject access"), url_name="privacy:subject-access",
        actions=("subject_access.run",),
        description=_("Everything held about one person, with who accessed it, as a readable report or JSON."),
    ),
    DashboardLink(
        key="retention", title=_("Retention"), url_name="privacy:retention", actions=("retention.run",),
        description=_("See which records are past their retention period, and pseudonymise them."),
    ),
    DashboardLink(
        key="extract", title=_("De-identified extract"), url_name="privacy:extract", actions=("analytics.view",),
        description=_("Person-level data for analysis with pseudonymised keys: no names, identifiers or notes."),
    ),
    DashboardLink(
        key="admin", title=_("Administration"), url_name="admin:index", actions=(), staff_only=True,
        description=_("Organisations, users, roles and memberships."),
    ),
    DashboardLink(
        key="api", title=_("API documentation"), url_name="api-docs", actions=(),
        description=_("The REST API for other systems, with interactive OpenAPI documentation."),
    ),
)


@dataclass(frozen=True)
class DashboardEntry:
    link: DashboardLink
    url: str


def user_memberships(*, user: Any) -> list[Any]:
    """The user's active memberships, each with its organisation (one query)."""
    return list(
        user.memberships.filter(active=True).select_related("organisation").order_by("organisation__name")
    )


def dashboard_links(*, user: Any) -> list[DashboardEntry]:
    """The home-page links ``user`` may follow: the page must exist and the policy must allow it."""
    entries = []
    for link in DASHBOARD_LINKS:
        if link.staff_only and not user.is_staff:
            continue
        if link.actions and not any(action_allowed(user, action) for action in link.actions):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:  # the app that serves it is not installed or not built yet
            continue
        entries.append(DashboardEntry(link=link, url=url))
    return entries
