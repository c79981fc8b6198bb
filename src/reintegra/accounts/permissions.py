"""The project's permissions, and the default permission set of each role.

Each role is a Django group of the same name holding these permissions. The defaults below are
loaded by migration; an administrator can inspect every role in the admin (Groups) and extend or
narrow it there without code. Need-to-know categories are permissions too, granted to a role or to
one user.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import Role

# (action name, label). The permission codename is the action name with "." replaced by "_".
PERMISSIONS: list[tuple[str, str]] = [
    ("person.view", _("See people in one's scope")),
    ("person.edit", _("Create and change people")),
    ("person.merge", _("Merge duplicate records")),
    ("justice.view", _("See the justice record")),
    ("justice.edit", _("Record cases, sentences, custody and supervision")),
    ("reference.edit", _("Edit reference lists such as national offence codes")),
    ("analytics.view", _("See statistics, models and de-identified extracts")),
    ("model.manage", _("Train and approve risk models")),
    ("audit.view", _("Search the audit log")),
    ("audit.export", _("Export the audit log")),
    ("subject_access.run", _("Produce a subject access report")),
    ("retention.run", _("Run retention rules")),
    ("consent.edit", _("Record and withdraw consent")),
    ("sharing.edit", _("Manage data-sharing agreements")),
    ("restricted.manage", _("Restrict records and manage their access lists")),
    ("need.health", _("Need to know: health and disability")),
    ("need.substance", _("Need to know: substance use")),
    ("need.sexual_offence", _("Need to know: sexual-offence details")),
    ("need.victim_safety", _("Need to know: victim and safety information")),
    ("referral.edit", _("Refer people to partner organisations")),
    ("referral.respond", _("Accept, decline and close referrals to one's own organisation")),
    ("assessment.view", _("See assessment results")),
    ("assessment.edit", _("Carry out assessments, propose overrides and correct assessments")),
    ("assessment.countersign", _("Countersign or refuse a proposed override of an assessment band")),
    ("facility.view", _("See facility figures: occupancy and unsentenced detainees (aggregates only)")),
    ("programme.manage", _("Manage the programme catalogue, cohorts and labour-market tables")),
    ("enrolment.edit", _("Put people on programme waiting lists, admit them, record attendance and completion")),
    ("plan.view", _("See case plans")),
    ("plan.edit", _("Write case plans with the person, record their agreement and review plans")),
    ("plan.countersign", _("Countersign case plans")),
    ("allocation.decide", _("Rank facilities for a person, decide allocations and record transfers")),
    ("release.view", _("See release preparation, handovers and family notifications")),
    ("release.edit", _("Prepare release across the resettlement pathways, hand over and record release")),
    ("supervision.view", _("See supervision periods, contacts, compliance and caseloads")),
    ("supervision.edit", _("Record conditions, supervision levels, contacts, compliance, responses and eligibility reviews")),
    ("recall.decide", _("Decide a recall or revocation")),
    ("volunteer.manage", _("Manage volunteer probation officers: profiles, training, matching and oversight")),
    ("volunteer.meet", _("Record meetings with the people one supports as a volunteer")),
    ("measure.view", _("See community service orders, diversion and restorative justice cases")),
    ("measure.edit", _("Record community service orders, diversion and restorative justice referrals")),
    ("restorative.facilitate", _("Facilitate restorative justice: consent, sessions, agreements and victim contact details")),
]

_CASEWORK = {"person.view", "person.edit", "justice.view", "justice.edit", "consent.edit"}
_NEED_TO_KNOW = {"need.health", "need.substance", "need.sexual_offence", "need.victim_safety"}

DEFAULT_ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SYSTEM_ADMIN: {"reference.edit", "sharing.edit", "retention.run", "restricted.manage"},
    Role.PRISON_CASE_MANAGER: _CASEWORK | _NEED_TO_KNOW,
    Role.PROBATION_OFFICER: _CASEWORK | _NEED_TO_KNOW,
    Role.SUPERVISOR: _CASEWORK | _NEED_TO_KNOW | {"person.merge", "subject_access.run", "restricted.manage"},
    Role.PROGRAMME_STAFF: {"person.view"},
    # Volunteers and partner caseworkers will see the people linked to them (an assignment, a
    # referral with consent); until those links exist they have no case-data permissions.
    Role.VOLUNTEER: set(),
    Role.PARTNER_CASEWORKER: set(),
    Role.ANALYST: {"analytics.view", "model.manage"},
    # Inspectors see who accessed what, not the records themselves (subject access is for the
    # data controller: supervisors here).
    Role.AUDITOR: {"audit.view", "audit.export"},
    Role.PERSON: set(),
    Role.RJ_FACILITATOR: set(),
}
# Referrals (partners app): case staff refer; partner caseworkers answer referrals to their organisation.
for _role in (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"referral.edit"}
DEFAULT_ROLE_PERMISSIONS[Role.PARTNER_CASEWORKER] = DEFAULT_ROLE_PERMISSIONS[Role.PARTNER_CASEWORKER] | {"referral.respond"}

# Assessments: case staff assess; supervisors also countersign overrides. Volunteers and programme
# staff see results at the level the access policy gives them (volunteers: summary, never answers).
for _role in (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"assessment.view", "assessment.edit"}
DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] = DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] | {"assessment.countersign"}
for _role in (Role.PROGRAMME_STAFF, Role.VOLUNTEER):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"assessment.view"}

# Volunteers see the people assigned to them (the access policy gives them a summary only).
# Partner caseworkers see people only through referrals (partners), never the person page.
DEFAULT_ROLE_PERMISSIONS[Role.VOLUNTEER] = DEFAULT_ROLE_PERMISSIONS[Role.VOLUNTEER] | {"person.view"}

# Facility figures (custody): aggregates with no personal data, for those who run or plan custody:
# prison case managers (their prison's crowding), supervisors, analysts and system administrators.
for _role in (Role.PRISON_CASE_MANAGER, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM_ADMIN):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"facility.view"}

# Programmes: programme staff and supervisors run the catalogue, cohorts and labour-market imports;
# programme staff and case staff enrol people in their scope, record attendance and completion.
for _role in (Role.PROGRAMME_STAFF, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"programme.manage"}
for _role in (Role.PROGRAMME_STAFF, Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"enrolment.edit"}

# Case plans (planning): case staff write and review plans; supervisors also countersign them.
for _role in (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"plan.view", "plan.edit"}
DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] = DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] | {"plan.countersign"}

# Allocation (custody): prison case managers and supervisors rank facilities and record transfers.
for _role in (Role.PRISON_CASE_MANAGER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"allocation.decide"}

# Release preparation (reentry): case staff in prisons and probation prepare release and hand over.
for _role in (Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {"release.view", "release.edit"}

# Community supervision and non-custodial measures: probation officers and supervisors; only
# supervisors decide recalls; volunteers record their own meetings.
for _role in (Role.PROBATION_OFFICER, Role.SUPERVISOR):
    DEFAULT_ROLE_PERMISSIONS[_role] = DEFAULT_ROLE_PERMISSIONS[_role] | {
        "supervision.view", "supervision.edit", "volunteer.manage", "measure.view", "measure.edit",
    }
DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] = DEFAULT_ROLE_PERMISSIONS[Role.SUPERVISOR] | {"recall.decide"}
DEFAULT_ROLE_PERMISSIONS[Role.VOLUNTEER] = DEFAULT_ROLE_PERMISSIONS[Role.VOLUNTEER] | {"volunteer.meet"}
# Restorative justice facilitators (impartial) see the cases they facilitate, victims' contact details
# included; nobody else sees those details.
DEFAULT_ROLE_PERMISSIONS[Role.RJ_FACILITATOR] = {"person.view", "measure.view", "restorative.facilitate"}


def codename(action: str) -> str:
    return action.replace(".", "_")
