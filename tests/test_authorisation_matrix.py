"""The authorisation matrix: every route of the project (found by walking the URL configuration,
like ``core/tests/test_login_required``) against every role.

``MATRIX`` names, for each route, the roles allowed to GET it (decided from each view's policy
check). A route missing from the matrix, or a matrix entry whose route no longer exists, fails the
suite, so a new endpoint cannot ship without a decision. For each role the test builds one small
world in which the role has a person in its scope (a case manager's prisoner, an officer's own
caseload, a volunteer's assignment, a partner's referral with consent), fills every route's ids
with that person's objects and GETs each route: allowed roles get 200 (or a redirect inside the
application, e.g. to the purpose prompt), denied roles 403 or 404, never 200 and never 500.
Routes that only accept writes answer 405 to a GET from everyone (``POST_ONLY``); for them
``POST_WRITERS`` names the roles allowed to POST, and an empty POST must be refused (403/404) for
everyone else but reach validation (not 403/404) for the allowed roles.

Denied writes change nothing: POSTs by roles without the permission to the main write endpoints
(person creation, custody admission, referral, consent withdrawal, agreement creation, retention)
leave the row counts and the touched rows as they were.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from reintegra.accounts.choices import Role

pytestmark = pytest.mark.django_db

ALL_ROLES = frozenset(Role.values)
POST_ONLY = "post-only"  # GET answers 405 for every role (the route exists only for writes)
PATCH_ROUTES = {"api/assessments/<pk>/answers/", "api/plans/<pk>/goals/<goal_pk>/", "api/plans/<pk>/actions/<action_pk>/",
                "api/release/<pk>/pathways/<pathway_pk>/", "api/release/<pk>/actions/<release_action_pk>/"}  # write-only routes whose write is a PATCH
# Routes that need a query: "{person}" is the world's person's id.
QUERY = {"api/assessments/": "person={person}", "api/custody/allocation/persons/<person_pk>/": "required_security=medium", "plans/<pk>/compare/": "a=1&b=1", "api/plans/<pk>/compare/": "a=1&b=1",
         "api/supervision/volunteers/suggestions/": "period={period}"}

# Not walked: anonymous routes and the admin site (its own log-in; `is_staff` decides, not roles).
SKIPPED = {
    "accounts/login/": "the log-in page (anonymous)",
    "accounts/logout/": "logging out (POST only, any session)",
    "i18n/setlang/": "the language switcher (anonymous)",
    "admin/": "the admin site authorises by is_staff, not by role",
}

_CASEWORK = {Role.PRISON_CASE_MANAGER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
_PERSON_VIEW = _CASEWORK | {Role.PROGRAMME_STAFF, Role.VOLUNTEER}
# Facilitators see the people of the restorative cases they facilitate, at summary level like volunteers.
_PERSON_SUMMARY = _PERSON_VIEW | {Role.RJ_FACILITATOR}
_REFERRALS = _CASEWORK | {Role.PARTNER_CASEWORKER}
_ANALYTICS = {Role.ANALYST}
_ASSESSMENT_VIEW = _CASEWORK | {Role.PROGRAMME_STAFF, Role.VOLUNTEER}
_FACILITY_VIEW = {Role.PRISON_CASE_MANAGER, Role.SUPERVISOR, Role.ANALYST, Role.SYSTEM_ADMIN}
_SIGNED_IN = ALL_ROLES
_PROGRAMME_MANAGE = {Role.PROGRAMME_STAFF, Role.SUPERVISOR}
_ENROL = _CASEWORK | {Role.PROGRAMME_STAFF}
_PLAN = _CASEWORK  # plan.view and plan.edit
_COUNTERSIGN = {Role.SUPERVISOR}
_ALLOCATE = {Role.PRISON_CASE_MANAGER, Role.SUPERVISOR}
_SUPERVISE = {Role.PROBATION_OFFICER, Role.SUPERVISOR}  # supervision.*, volunteer.manage, measure.*
_RELEASE = _CASEWORK  # release.view / release.edit
_RECALL = {Role.SUPERVISOR}  # recall.decide
_FACILITATE = {Role.RJ_FACILITATOR}  # restorative.facilitate, on the cases they facilitate
_VOLUNTEER = {Role.VOLUNTEER}  # volunteer.meet, their own assignments
_MEASURES_AND_FACILITATE = _SUPERVISE | _FACILITATE

MATRIX: dict[str, Any] = {
    # Home, the user's own settings and the API description: anyone signed in.
    "": _SIGNED_IN,
    "accounts/2fa/setup/": _SIGNED_IN,
    "accounts/2fa/verify/": _SIGNED_IN,
    "accounts/tokens/": _SIGNED_IN,
    "accounts/tokens/<pk>/revoke/": POST_ONLY,
    "api/accounts/me/": _SIGNED_IN,
    "api/docs/": _SIGNED_IN,
    "api/redoc/": _SIGNED_IN,
    "api/schema/": _SIGNED_IN,
    # People: person.view (scoped; volunteers see their assignments at summary level); edits need
    # person.edit and the full record; merge needs person.merge; restriction restricted.manage.
    "people/": _PERSON_SUMMARY,
    "people/<pk>/": _PERSON_SUMMARY,
    "people/<pk>/history/": _CASEWORK,
    "people/new/": _CASEWORK,
    "people/<pk>/edit/": _CASEWORK,
    "people/<pk>/void/": _CASEWORK,
    "people/<pk>/aliases/new/": _CASEWORK,
    "people/<pk>/contacts/new/": _CASEWORK,
    "people/<pk>/flags/new/": _CASEWORK,
    "people/<pk>/identifiers/new/": _CASEWORK,
    "people/<pk>/merge/": {Role.SUPERVISOR},
    "people/<pk>/restriction/": {Role.SUPERVISOR},
    "api/people/": _PERSON_SUMMARY,
    "api/people/<pk>/": _PERSON_SUMMARY,
    "api/people/<pk>/aliases/": _PERSON_SUMMARY,
    "api/people/<pk>/identifiers/": _PERSON_SUMMARY,
    "api/people/<pk>/timeline/": _PERSON_SUMMARY,
    "api/people/<pk>/contacts/": _CASEWORK,
    "api/people/<pk>/void/": POST_ONLY,
    # Justice: justice.view / justice.edit on a person seen in full.
    "justice/persons/<person_pk>/": _CASEWORK,
    "justice/persons/<person_pk>/cases/new/": _CASEWORK,
    "justice/persons/<person_pk>/custody/admit/": _CASEWORK,
    "justice/persons/<person_pk>/supervision/start/": _CASEWORK,
    "justice/cases/<case_pk>/charges/new/": _CASEWORK,
    "justice/cases/<case_pk>/dispositions/new/": _CASEWORK,
    "justice/charges/<charge_pk>/outcome/": _CASEWORK,
    "justice/custody/<episode_pk>/release/": _CASEWORK,
    "justice/custody/<episode_pk>/transfer/": _CASEWORK,
    "justice/supervision/<period_pk>/end/": _CASEWORK,
    "justice/offences/": _CASEWORK | {Role.SYSTEM_ADMIN},
    # The offence code list is reference data (no personal data); the API has no check beyond
    # login, unlike the page (justice.view or reference.edit).
    "api/justice/offences/": _SIGNED_IN,
    "api/justice/cases/": _CASEWORK,
    "api/justice/cases/<pk>/": _CASEWORK,
    "api/justice/cases/<pk>/charges/": POST_ONLY,
    "api/justice/cases/<pk>/dispositions/": POST_ONLY,
    "api/justice/charges/<pk>/outcome/": POST_ONLY,
    "api/justice/custody-episodes/": _CASEWORK,
    "api/justice/custody-episodes/<pk>/": _CASEWORK,
    "api/justice/custody-episodes/<pk>/release/": POST_ONLY,
    "api/justice/custody-episodes/<pk>/transfer/": POST_ONLY,
    "api/justice/supervision-periods/": _CASEWORK,
    "api/justice/supervision-periods/<pk>/": _CASEWORK,
    "api/justice/supervision-periods/<pk>/end/": POST_ONLY,
    "api/justice/persons/<person_pk>/status/": _CASEWORK,
    # Audit: audit.view / audit.export; the purpose prompt for anyone who may open the person.
    "audit/": {Role.AUDITOR},
    "audit/export.csv": {Role.AUDITOR},
    # Stating a purpose only stores it in the session (the record itself stays scoped).
    "audit/purpose/<person_id>/": POST_ONLY,
    # Analytics: analytics.view; activation model.manage.
    "analytics/models/": _ANALYTICS,
    "analytics/models/<pk>/": _ANALYTICS,
    "analytics/models/<pk>/activate/": POST_ONLY,
    "api/analytics/models/": _ANALYTICS,
    "api/analytics/models/<pk>/": _ANALYTICS,
    "api/analytics/models/<pk>/card/": _ANALYTICS,
    # Partners: referral.edit (case staff) or referral.respond (partner caseworkers); consent.edit.
    "partners/referrals/": _REFERRALS,
    "partners/referrals/<pk>/": _REFERRALS,
    "partners/persons/<person_pk>/refer/": _CASEWORK,
    "partners/persons/<person_pk>/consents/new/": _CASEWORK,
    "partners/consents/<pk>/withdraw/": _CASEWORK,
    "api/partners/referrals/": _REFERRALS,
    "api/partners/referrals/<pk>/": _REFERRALS,
    "api/partners/referrals/<pk>/status/": POST_ONLY,
    "api/partners/consents/": POST_ONLY,
    "api/partners/consents/<pk>/withdraw/": POST_ONLY,
    # Assessments: assessment.view on a person in scope (volunteers and programme staff see the latest
    # result in summary: band, date and needs, never answers); assessment.edit to carry one out;
    # assessment.countersign (supervisors) to countersign an override. Instruments are reference data.
    "assessments/due/": _CASEWORK,
    "assessments/persons/<person_pk>/": _ASSESSMENT_VIEW,
    "assessments/persons/<person_pk>/start/": _CASEWORK,
    "assessments/<pk>/": _ASSESSMENT_VIEW,
    "assessments/<pk>/autosave/": POST_ONLY,
    "assessments/<pk>/save/": POST_ONLY,
    "assessments/<pk>/override/": POST_ONLY,
    "assessments/<pk>/countersign/": POST_ONLY,
    "assessments/<pk>/correct/": POST_ONLY,
    "assessments/<pk>/discard/": POST_ONLY,
    "api/assessments/": _ASSESSMENT_VIEW,
    "api/assessments/<pk>/": _ASSESSMENT_VIEW,
    "api/assessments/<pk>/answers/": POST_ONLY,
    "api/assessments/<pk>/complete/": POST_ONLY,
    "api/assessments/<pk>/override/": POST_ONLY,
    "api/assessments/<pk>/countersign/": POST_ONLY,
    "api/assessments/<pk>/correct/": POST_ONLY,
    "api/assessments/<pk>/void/": POST_ONLY,
    "api/assessments/due/": _CASEWORK,
    "api/assessments/triggers/": POST_ONLY,
    "api/assessments/instruments/": _ASSESSMENT_VIEW,
    "api/assessments/instruments/<code>/": _ASSESSMENT_VIEW,
    # Custody: facility.view (aggregate figures, no personal data): those who run or plan custody.
    "custody/": _FACILITY_VIEW,
    "custody/facilities/<pk>/": _FACILITY_VIEW,
    "api/custody/occupancy/": _FACILITY_VIEW,
    "api/custody/facilities/<pk>/occupancy-series/": _FACILITY_VIEW,
    # Privacy: sharing.edit, subject_access.run, retention.run, analytics.view.
    "privacy/agreements/": {Role.SYSTEM_ADMIN},
    "privacy/agreements/new/": {Role.SYSTEM_ADMIN},
    "privacy/agreements/<pk>/edit/": {Role.SYSTEM_ADMIN},
    "privacy/subject-access/": {Role.SUPERVISOR},
    "privacy/retention/": {Role.SYSTEM_ADMIN},
    "privacy/extract/": _ANALYTICS,
    # Programmes: the catalogue and cohorts are reference data (anyone signed in); programme.manage
    # (programme staff, supervisors) adds programmes, cohorts and labour-market tables; enrolment.edit
    # (programme staff, case staff) enrols people in their scope and records attendance and completion.
    "programmes/": _SIGNED_IN,
    "programmes/<pk>/": _SIGNED_IN,
    "programmes/new/": _PROGRAMME_MANAGE,
    "programmes/<pk>/cohorts/new/": _PROGRAMME_MANAGE,
    "programmes/labour-demand/": _PROGRAMME_MANAGE,
    "programmes/persons/<person_pk>/enrol/": _ENROL,
    "programmes/enrolments/<pk>/admit/": _ENROL,
    "programmes/enrolments/<pk>/attendance/": _ENROL,
    "programmes/enrolments/<pk>/complete/": _ENROL,
    "programmes/enrolments/<pk>/drop/": _ENROL,
    "api/programmes/programmes/": _SIGNED_IN,
    "api/programmes/programmes/<pk>/": _SIGNED_IN,
    "api/programmes/cohorts/": _SIGNED_IN,
    "api/programmes/cohorts/<pk>/": _SIGNED_IN,
    "api/programmes/enrolments/": _ENROL,
    "api/programmes/enrolments/<pk>/": _ENROL,
    "programmes/<pk>/edit/": _PROGRAMME_MANAGE,
    "programmes/<pk>/void/": _PROGRAMME_MANAGE,
    "programmes/cohorts/<pk>/edit/": _PROGRAMME_MANAGE,
    "programmes/cohorts/<pk>/void/": _PROGRAMME_MANAGE,
    "api/programmes/programmes/<pk>/void/": POST_ONLY,
    "api/programmes/cohorts/<pk>/void/": POST_ONLY,
    "api/programmes/enrolments/<pk>/admit/": POST_ONLY,
    "api/programmes/enrolments/<pk>/attendance/": POST_ONLY,
    "api/programmes/enrolments/<pk>/complete/": POST_ONLY,
    "api/programmes/enrolments/<pk>/drop/": POST_ONLY,
    # Facilities: units (aggregates) and allocation (allocation.decide).
    "api/custody/facilities/<pk>/units/": _FACILITY_VIEW,
    "api/custody/facilities/<pk>/units/occupancy-series/": _FACILITY_VIEW,
    "custody/allocation/persons/<person_pk>/": _ALLOCATE,
    "custody/allocation/persons/<person_pk>/decide/": POST_ONLY,
    "api/custody/allocation/persons/<person_pk>/": _ALLOCATE,
    "api/custody/allocation/persons/<person_pk>/decisions/": _ALLOCATE,
    "api/custody/allocation/persons/<person_pk>/admit/": POST_ONLY,
    # Case plans: plan.view / plan.edit (case staff), plan.countersign (supervisors).
    "plans/": _PLAN,
    "plans/persons/<person_pk>/new/": _PLAN,
    "plans/<pk>/": _PLAN,
    "plans/<pk>/goals/new/": _PLAN,
    "plans/<pk>/goals/<goal_pk>/": _PLAN,
    "plans/<pk>/goals/<goal_pk>/void/": _PLAN,
    "plans/<pk>/goals/<goal_pk>/actions/new/": _PLAN,
    "plans/<pk>/actions/<action_pk>/": _PLAN,
    "plans/<pk>/actions/<action_pk>/void/": _PLAN,
    "plans/<pk>/actions/<action_pk>/enrol/": _PLAN,
    "plans/<pk>/suggestions/add/": POST_ONLY,
    "plans/<pk>/agreement/": _PLAN,
    "plans/<pk>/submit/": _PLAN,
    "plans/<pk>/countersign/": _COUNTERSIGN,
    "plans/<pk>/review/": _PLAN,
    "plans/<pk>/handover/": _PLAN,
    "plans/<pk>/handovers/<handover_pk>/acknowledge/": POST_ONLY,
    "plans/<pk>/close/": _PLAN,
    "plans/<pk>/versions/": _PLAN,
    "plans/<pk>/compare/": _PLAN,
    "api/plans/": _PLAN,
    "api/plans/<pk>/": _PLAN,
    "api/plans/<pk>/versions/": _PLAN,
    "api/plans/<pk>/versions/<number>/": _PLAN,
    "api/plans/<pk>/compare/": _PLAN,
    "api/plans/<pk>/history/": _PLAN,
    "api/plans/<pk>/suggestions/": _PLAN,
    "api/plans/reviews-due/": _PLAN,
    "api/plans/handovers/": _PLAN,
    "api/plans/<pk>/goals/": POST_ONLY,
    "api/plans/<pk>/goals/<goal_pk>/": POST_ONLY,
    "api/plans/<pk>/goals/<goal_pk>/void/": POST_ONLY,
    "api/plans/<pk>/actions/": POST_ONLY,
    "api/plans/<pk>/actions/<action_pk>/": POST_ONLY,
    "api/plans/<pk>/actions/<action_pk>/void/": POST_ONLY,
    "api/plans/<pk>/actions/<action_pk>/enrol/": POST_ONLY,
    "api/plans/<pk>/agreement/": POST_ONLY,
    "api/plans/<pk>/submit/": POST_ONLY,
    "api/plans/<pk>/countersign/": POST_ONLY,
    "api/plans/<pk>/review/": POST_ONLY,
    "api/plans/<pk>/handover/": POST_ONLY,
    "api/plans/<pk>/handovers/<handover_pk>/acknowledge/": POST_ONLY,
    "api/plans/<pk>/close/": POST_ONLY,
    # Release preparation (release.view / release.edit, on people in the user's full view), community
    # supervision and volunteers (supervision.*, volunteer.*, recall.decide), and community measures
    # (measure.*; restorative work by the case's facilitator only). Custody eligibility is
    # release.view, which probation officers hold too. The volunteer and meeting lists are scoped
    # lists any person.view role may read (empty unless the people are theirs).
    "api/community/diversions/": _MEASURES_AND_FACILITATE,
    "api/community/diversions/<pk>/": _SUPERVISE,
    "api/community/diversions/<pk>/conditions/": POST_ONLY,
    "api/community/diversions/<pk>/outcome/": POST_ONLY,
    "api/community/orders/": _MEASURES_AND_FACILITATE,
    "api/community/orders/<pk>/": _SUPERVISE,
    "api/community/orders/<pk>/breach/": POST_ONLY,
    "api/community/orders/<pk>/complete/": POST_ONLY,
    "api/community/orders/<pk>/hours/": POST_ONLY,
    "api/community/orders/<pk>/hours/<entry_pk>/reject/": POST_ONLY,
    "api/community/orders/<pk>/hours/<entry_pk>/verify/": POST_ONLY,
    "api/community/orders/<pk>/placements/": POST_ONLY,
    "api/community/restorative/": _MEASURES_AND_FACILITATE,
    "api/community/restorative/<pk>/": _MEASURES_AND_FACILITATE,
    "api/community/restorative/<pk>/agreement/": POST_ONLY,
    "api/community/restorative/<pk>/close/": POST_ONLY,
    "api/community/restorative/<pk>/facilitator/": POST_ONLY,
    "api/community/restorative/<pk>/parties/": POST_ONLY,
    "api/community/restorative/<pk>/parties/<party_pk>/consent/": POST_ONLY,
    "api/community/restorative/<pk>/parties/<party_pk>/withdraw/": POST_ONLY,
    "api/community/restorative/<pk>/sessions/": POST_ONLY,
    "api/community/restorative/<pk>/terms/<item_pk>/": POST_ONLY,
    "api/release/": _RELEASE,
    "api/release/<pk>/": _RELEASE,
    "api/release/<pk>/actions/<release_action_pk>/": POST_ONLY,
    "api/release/<pk>/checklist/<item_pk>/": POST_ONLY,
    "api/release/<pk>/handover/acknowledge/": POST_ONLY,
    "api/release/<pk>/pathways/<pathway_pk>/": POST_ONLY,
    "api/release/<pk>/pathways/<pathway_pk>/actions/": POST_ONLY,
    "api/release/<pk>/pathways/<pathway_pk>/evidence/": POST_ONLY,
    "api/supervision/appointments/<pk>/cancel/": POST_ONLY,
    "api/supervision/caseload/": _SUPERVISE,
    "api/supervision/conditions/<pk>/end/": POST_ONLY,
    "api/supervision/conditions/<pk>/void/": POST_ONLY,
    "api/supervision/contacts/<pk>/void/": POST_ONLY,
    "api/supervision/custody/<pk>/eligibility/": _RELEASE,
    "api/supervision/eligibility/flags/": _SUPERVISE,
    "api/supervision/eligibility/reviews/": _SUPERVISE,
    "api/supervision/events/<pk>/proposal/": _SUPERVISE,
    "api/supervision/events/<pk>/response/": POST_ONLY,
    "api/supervision/events/<pk>/void/": POST_ONLY,
    "api/supervision/net-widening/": _SUPERVISE,
    "api/supervision/periods/<pk>/": _SUPERVISE,
    "api/supervision/periods/<pk>/appointments/": _SUPERVISE,
    "api/supervision/periods/<pk>/conditions/": _SUPERVISE,
    "api/supervision/periods/<pk>/contacts/": _SUPERVISE,
    "api/supervision/periods/<pk>/eligibility/": _SUPERVISE,
    "api/supervision/periods/<pk>/events/": _SUPERVISE,
    "api/supervision/periods/<pk>/levels/": _SUPERVISE,
    "api/supervision/periods/<pk>/recall-decisions/": _SUPERVISE,
    "api/supervision/recalls/": _RECALL,
    "api/supervision/volunteers/assignments/": _PERSON_SUMMARY,
    "api/supervision/volunteers/assignments/<pk>/end/": POST_ONLY,
    "api/supervision/volunteers/meetings/": _PERSON_SUMMARY,
    "api/supervision/volunteers/meetings/<pk>/review/": POST_ONLY,
    "api/supervision/volunteers/mine/": _VOLUNTEER,
    "api/supervision/volunteers/profiles/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/activate/": POST_ONLY,
    "api/supervision/volunteers/profiles/<pk>/deactivate/": POST_ONLY,
    "api/supervision/volunteers/profiles/<pk>/trainings/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/trainings/<training_pk>/void/": POST_ONLY,
    "api/supervision/volunteers/review/": _SUPERVISE,
    "api/supervision/volunteers/suggestions/": _SUPERVISE,
    "community/": _MEASURES_AND_FACILITATE,
    "community/diversions/<pk>/": _SUPERVISE,
    "community/diversions/<pk>/conditions/new/": _SUPERVISE,
    "community/diversions/<pk>/outcome/": _SUPERVISE,
    "community/orders/<pk>/": _SUPERVISE,
    "community/orders/<pk>/breach/": _SUPERVISE,
    "community/orders/<pk>/complete/": _SUPERVISE,
    "community/orders/<pk>/hours/<entry_pk>/reject/": _SUPERVISE,
    "community/orders/<pk>/hours/<entry_pk>/verify/": POST_ONLY,
    "community/orders/<pk>/hours/new/": _SUPERVISE,
    "community/orders/<pk>/placements/<placement_pk>/end/": _SUPERVISE,
    "community/orders/<pk>/placements/new/": _SUPERVISE,
    "community/persons/<person_pk>/diversions/new/": _SUPERVISE,
    "community/persons/<person_pk>/orders/new/": _SUPERVISE,
    "community/persons/<person_pk>/restorative/new/": _SUPERVISE,
    "community/restorative/<pk>/": _MEASURES_AND_FACILITATE,
    "community/restorative/<pk>/agreement/": _FACILITATE,
    "community/restorative/<pk>/close/": _FACILITATE,
    "community/restorative/<pk>/facilitator/": _SUPERVISE,
    "community/restorative/<pk>/parties/<party_pk>/consent/": _FACILITATE,
    "community/restorative/<pk>/parties/<party_pk>/withdraw/": _MEASURES_AND_FACILITATE,
    "community/restorative/<pk>/parties/new/": _FACILITATE,
    "community/restorative/<pk>/sessions/new/": _FACILITATE,
    "community/restorative/<pk>/terms/<item_pk>/": _FACILITATE,
    "release/": _RELEASE,
    "release/<pk>/": _RELEASE,
    "release/<pk>/actions/<release_action_pk>/": _RELEASE,
    "release/<pk>/actions/<release_action_pk>/void/": _RELEASE,
    "release/<pk>/assign/": _RELEASE,
    "release/<pk>/checklist/<item_pk>/": _RELEASE,
    "release/<pk>/evidence/<evidence_pk>/void/": _RELEASE,
    "release/<pk>/family/": _RELEASE,
    "release/<pk>/handover/": _RELEASE,
    "release/<pk>/handover/acknowledge/": POST_ONLY,
    "release/<pk>/handover/edit/": _RELEASE,
    "release/<pk>/pathways/<pathway_pk>/": _RELEASE,
    "release/<pk>/pathways/<pathway_pk>/actions/new/": _RELEASE,
    "release/<pk>/pathways/<pathway_pk>/evidence/new/": _RELEASE,
    "release/<pk>/release/": _RELEASE,
    "release/handovers/": _RELEASE,
    "release/persons/<person_pk>/open/": _RELEASE,
    "supervision/appointments/<pk>/cancel/": _SUPERVISE,
    "supervision/caseload/": _SUPERVISE,
    "supervision/conditions/<pk>/end/": _SUPERVISE,
    "supervision/conditions/<pk>/void/": _SUPERVISE,
    "supervision/contacts/<pk>/void/": _SUPERVISE,
    "supervision/custody/<pk>/eligibility/": _RELEASE,
    "supervision/custody/<pk>/eligibility/<rule>/review/": _RELEASE,
    "supervision/eligibility/": _SUPERVISE,
    "supervision/eligibility/custody/": _RELEASE,
    "supervision/events/<pk>/response/": _SUPERVISE,
    "supervision/events/<pk>/void/": _SUPERVISE,
    "supervision/net-widening/": _SUPERVISE,
    "supervision/periods/<pk>/": _SUPERVISE,
    "supervision/periods/<pk>/appointments/": _SUPERVISE,
    "supervision/periods/<pk>/compliance/": _SUPERVISE,
    "supervision/periods/<pk>/compliance/events/": _SUPERVISE,
    "supervision/periods/<pk>/conditions/": _SUPERVISE,
    "supervision/periods/<pk>/contacts/": _SUPERVISE,
    "supervision/periods/<pk>/eligibility/": _SUPERVISE,
    "supervision/periods/<pk>/eligibility/<rule>/review/": _SUPERVISE,
    "supervision/periods/<pk>/level/": _SUPERVISE,
    "supervision/periods/<pk>/recall/": _RECALL,
    "supervision/periods/<pk>/volunteer/": _SUPERVISE,
    "supervision/periods/<pk>/volunteer/assign/": POST_ONLY,
    "supervision/periods/<pk>/volunteer/match/": _SUPERVISE,
    "supervision/recalls/": _RECALL,
    "supervision/volunteers/": _SUPERVISE,
    "supervision/volunteers/<pk>/": _SUPERVISE,
    "supervision/volunteers/<pk>/activate/": POST_ONLY,
    "supervision/volunteers/<pk>/deactivate/": _SUPERVISE,
    "supervision/volunteers/<pk>/edit/": _SUPERVISE,
    "supervision/volunteers/<pk>/trainings/<training_pk>/void/": _SUPERVISE,
    "supervision/volunteers/<pk>/trainings/new/": _SUPERVISE,
    "supervision/volunteers/assignments/<pk>/end/": _SUPERVISE,
    "supervision/volunteers/meetings/": _SUPERVISE,
    "supervision/volunteers/meetings/<pk>/review/": _SUPERVISE,
    "supervision/volunteers/mine/": _VOLUNTEER,
    "supervision/volunteers/mine/<pk>/meetings/new/": _VOLUNTEER,
    "supervision/volunteers/new/": _SUPERVISE,
}


# Who may POST to each write-only route.
POST_WRITERS: dict[str, Any] = {
    "accounts/tokens/<pk>/revoke/": _SIGNED_IN,  # one's own tokens
    "audit/purpose/<person_id>/": _SIGNED_IN,  # only the session remembers it
    "analytics/models/<pk>/activate/": {Role.ANALYST},  # model.manage
    "api/people/<pk>/void/": _CASEWORK,
    "api/justice/cases/<pk>/charges/": _CASEWORK,
    "api/justice/cases/<pk>/dispositions/": _CASEWORK,
    "api/justice/charges/<pk>/outcome/": _CASEWORK,
    "api/justice/custody-episodes/<pk>/release/": _CASEWORK,
    "api/justice/custody-episodes/<pk>/transfer/": _CASEWORK,
    "api/justice/supervision-periods/<pk>/end/": _CASEWORK,
    "api/partners/referrals/<pk>/status/": _REFERRALS,
    "api/partners/consents/": _CASEWORK,
    "api/partners/consents/<pk>/withdraw/": _CASEWORK,
    "assessments/<pk>/autosave/": _CASEWORK,
    "assessments/<pk>/save/": _CASEWORK,
    "assessments/<pk>/override/": _CASEWORK,
    "assessments/<pk>/countersign/": {Role.SUPERVISOR},
    "assessments/<pk>/correct/": _CASEWORK,
    "assessments/<pk>/discard/": _CASEWORK,
    "api/assessments/<pk>/answers/": _CASEWORK,
    "api/assessments/<pk>/complete/": _CASEWORK,
    "api/assessments/<pk>/override/": _CASEWORK,
    "api/assessments/<pk>/countersign/": {Role.SUPERVISOR},
    "api/assessments/<pk>/correct/": _CASEWORK,
    "api/assessments/<pk>/void/": _CASEWORK,
    "api/assessments/triggers/": _CASEWORK,
    "api/programmes/programmes/<pk>/void/": _PROGRAMME_MANAGE,
    "api/programmes/cohorts/<pk>/void/": _PROGRAMME_MANAGE,
    "api/programmes/enrolments/<pk>/admit/": _ENROL,
    "api/programmes/enrolments/<pk>/attendance/": _ENROL,
    "api/programmes/enrolments/<pk>/complete/": _ENROL,
    "api/programmes/enrolments/<pk>/drop/": _ENROL,
    "custody/allocation/persons/<person_pk>/decide/": _ALLOCATE,
    "api/custody/allocation/persons/<person_pk>/admit/": _ALLOCATE,
    "plans/<pk>/suggestions/add/": _PLAN,
    "plans/<pk>/handovers/<handover_pk>/acknowledge/": _PLAN,
    "api/plans/<pk>/goals/": _PLAN,
    "api/plans/<pk>/goals/<goal_pk>/": _PLAN,
    "api/plans/<pk>/goals/<goal_pk>/void/": _PLAN,
    "api/plans/<pk>/actions/": _PLAN,
    "api/plans/<pk>/actions/<action_pk>/": _PLAN,
    "api/plans/<pk>/actions/<action_pk>/void/": _PLAN,
    "api/plans/<pk>/actions/<action_pk>/enrol/": _PLAN,
    "api/plans/<pk>/agreement/": _PLAN,
    "api/plans/<pk>/submit/": _PLAN,
    "api/plans/<pk>/countersign/": _COUNTERSIGN,
    "api/plans/<pk>/review/": _PLAN,
    "api/plans/<pk>/handover/": _PLAN,
    "api/plans/<pk>/handovers/<handover_pk>/acknowledge/": _PLAN,
    "api/plans/<pk>/close/": _PLAN,
    "api/community/diversions/<pk>/conditions/": _SUPERVISE,
    "api/community/diversions/<pk>/outcome/": _SUPERVISE,
    "api/community/orders/<pk>/breach/": _SUPERVISE,
    "api/community/orders/<pk>/complete/": _SUPERVISE,
    "api/community/orders/<pk>/hours/": _SUPERVISE,
    "api/community/orders/<pk>/hours/<entry_pk>/reject/": _SUPERVISE,
    "api/community/orders/<pk>/hours/<entry_pk>/verify/": _SUPERVISE,
    "api/community/orders/<pk>/placements/": _SUPERVISE,
    "api/community/restorative/<pk>/agreement/": _FACILITATE,
    "api/community/restorative/<pk>/close/": _FACILITATE,
    "api/community/restorative/<pk>/facilitator/": _SUPERVISE,
    "api/community/restorative/<pk>/parties/": _FACILITATE,
    "api/community/restorative/<pk>/parties/<party_pk>/consent/": _FACILITATE,
    "api/community/restorative/<pk>/parties/<party_pk>/withdraw/": _FACILITATE,
    "api/community/restorative/<pk>/sessions/": _FACILITATE,
    "api/community/restorative/<pk>/terms/<item_pk>/": _FACILITATE,
    "api/release/<pk>/actions/<release_action_pk>/": _RELEASE,
    "api/release/<pk>/checklist/<item_pk>/": _RELEASE,
    "api/release/<pk>/handover/acknowledge/": {Role.PROBATION_OFFICER},  # only the named community officer
    "api/release/<pk>/pathways/<pathway_pk>/": _RELEASE,
    "api/release/<pk>/pathways/<pathway_pk>/actions/": _RELEASE,
    "api/release/<pk>/pathways/<pathway_pk>/evidence/": _RELEASE,
    "api/supervision/appointments/<pk>/cancel/": _SUPERVISE,
    "api/supervision/conditions/<pk>/end/": _SUPERVISE,
    "api/supervision/conditions/<pk>/void/": _SUPERVISE,
    "api/supervision/contacts/<pk>/void/": _SUPERVISE,
    "api/supervision/events/<pk>/response/": _SUPERVISE,
    "api/supervision/events/<pk>/void/": _SUPERVISE,
    "api/supervision/volunteers/assignments/<pk>/end/": _SUPERVISE,
    "api/supervision/volunteers/meetings/<pk>/review/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/activate/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/deactivate/": _SUPERVISE,
    "api/supervision/volunteers/profiles/<pk>/trainings/<training_pk>/void/": _SUPERVISE,
    "community/orders/<pk>/hours/<entry_pk>/verify/": _SUPERVISE,
    "release/<pk>/handover/acknowledge/": {Role.PROBATION_OFFICER},  # only the named community officer
    "supervision/periods/<pk>/volunteer/assign/": _SUPERVISE,
    "supervision/volunteers/<pk>/activate/": _SUPERVISE,
}


def _walked(routes: list[str]) -> list[str]:
    return [route for route in routes if route not in SKIPPED]


def test_every_route_has_a_matrix_entry_and_every_entry_a_route(routes: list[str]) -> None:
    walked = _walked(routes)
    missing = sorted(set(walked) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(walked))
    assert not missing, f"routes without a matrix entry (decide who may use them): {missing}"
    assert not stale, f"matrix entries whose route no longer exists: {stale}"
    assert set(SKIPPED) <= set(routes), "a skipped route no longer exists"
    assert len(walked) > 60
    assert set(POST_WRITERS) == {route for route, roles in MATRIX.items() if roles == POST_ONLY}


def _ok(response: Any) -> bool:
    if response.status_code == 200:
        return True
    if response.status_code in {301, 302}:
        location = response["Location"]
        return location.startswith("/") and not location.startswith("/accounts/login")
    return False


def _denied(response: Any) -> bool:
    return response.status_code in {403, 404}


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_each_role_gets_exactly_what_the_matrix_allows(
    role: str, routes: list[str], world_for: Callable[..., dict[str, Any]], route_path: Callable[..., str],
) -> None:
    world = world_for(role)
    client = Client()
    client.force_login(world["user"])
    # The purpose is asked once per person per session outside one's own caseload: state it, so
    # that pages show what the role may see of the record rather than the prompt.
    client.post(f"/audit/purpose/{world['person'].pk}/", {"purpose": "case_management", "next": "/"})
    wrong = []
    for route in _walked(routes):
        expected = MATRIX[route]
        path = route_path(route, world)
        query = "?purpose=case_management" if path.startswith("/api/") else ""
        if route in QUERY:
            query += ("&" if query else "?") + QUERY[route].format(person=world["person"].pk, period=world["period"].pk)
        response = client.get(path + query)
        if os.environ.get("MATRIX_PROBE"):
            print("PROBE", role, route, response.status_code, response.get("Location", ""))
        if expected == POST_ONLY:
            good = response.status_code == 405 or _denied(response)
        elif role in expected:
            good = _ok(response)
        else:
            good = _denied(response)
        if not good:
            wrong.append((route, response.status_code, "allowed" if expected != POST_ONLY and role in expected
                          else "denied"))
    # Write-only routes, last (an allowed empty POST may change the world, e.g. revoke the token).
    for route, writers in POST_WRITERS.items():
        path = route_path(route, world)
        if route in PATCH_ROUTES:
            response = client.patch(path + "?purpose=case_management", {}, content_type="application/json")
        elif path.startswith("/api/"):
            response = client.post(path + "?purpose=case_management", {}, content_type="application/json")
        else:
            response = client.post(path, {})
        if os.environ.get("MATRIX_PROBE"):
            print("PROBE POST", role, route, response.status_code)
        good = response.status_code not in {403, 404, 405, 500} if role in writers else _denied(response)
        if not good:
            wrong.append((f"POST {route}", response.status_code, "allowed" if role in writers else "denied"))
    assert not wrong, f"{role}: routes answering against the matrix (route, status, expected): {wrong}"


# --- denied writes change nothing ------------------------------------------------------------------

def _writes(world: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], str]]:
    """(page route deciding who may write, path, data, content type) of the main write endpoints."""
    person, consent, other = world["person"], world["consent"], world["other"]
    today = timezone.localdate().isoformat()
    return [
        ("people/new/", "/people/new/", {"given_name": "Newly", "family_name": "Registered", "sex": "U",
                                         "literacy_level": "unknown", "dependent_children": 0}, "form"),
        ("people/new/", "/api/people/", {"given_name": "Newly", "family_name": "Registered"}, "json"),
        ("justice/persons/<person_pk>/custody/admit/", f"/justice/persons/{other.pk}/custody/admit/",
         {"facility": world["prison"].pk, "kind": "remand", "admitted_on": today}, "form"),
        ("partners/persons/<person_pk>/refer/", f"/partners/persons/{person.pk}/refer/",
         {"organisation": world["partner"].pk, "purpose": "employment"}, "form"),
        ("partners/consents/<pk>/withdraw/", f"/partners/consents/{consent.pk}/withdraw/",
         {"version": consent.version, "reason": "Changed their mind"}, "form"),
        ("partners/consents/<pk>/withdraw/", f"/api/partners/consents/{consent.pk}/withdraw/?purpose=other",
         {"version": consent.version, "reason": "Changed their mind"}, "json"),
        ("privacy/agreements/new/", "/privacy/agreements/new/",
         {"provider": world["prison"].pk, "partner": world["partner"].pk, "purpose": "employment",
          "fields": ["identity.name"], "valid_from": today, "signed_by": "Director", "document_reference": "DSA-2"}, "form"),
        ("privacy/retention/", "/privacy/retention/", {"confirm": "on"}, "form"),
    ]


def _write_world(world: dict[str, Any]) -> dict[str, Any]:
    from reintegra.justice.tests.factories import SupervisionPeriodFactory
    from reintegra.privacy.models import RetentionRule
    from reintegra.privacy.tests.factories import person_with_history

    from reintegra.partners.tests.factories import consent_for

    RetentionRule.objects.create(name="one year", years_after_last_episode=1)
    consent_for(world["person"], world["partner"], purpose="employment")  # so a referral for it is valid
    world["expired"] = person_with_history(released_on=dt.date(2012, 6, 30))
    # Someone only the office sees, for the custody admission (the world's person is already held).
    world["other"] = SupervisionPeriodFactory(office=world["period"].office, officer=world["officer"]).person
    return world


def _snapshot(world: dict[str, Any]) -> dict[str, Any]:
    from reintegra.justice.models import CustodyEpisode
    from reintegra.partners.models import Consent, Referral
    from reintegra.people.models import Identifier, Person
    from reintegra.privacy.models import DataSharingAgreement, Pseudonymisation

    return {
        "persons": Person.objects.count(), "identifiers": Identifier.objects.count(),
        "custody": CustodyEpisode.objects.count(), "referrals": Referral.objects.count(),
        "consents": list(Consent.objects.order_by("pk").values_list("pk", "version", "withdrawn_at")),
        "agreements": DataSharingAgreement.objects.count(), "pseudonymised": Pseudonymisation.objects.count(),
        "expired": Person.objects.filter(pk=world["expired"].pk).values_list("given_name", "family_name").get(),
    }


def _post(client: Client, path: str, data: dict[str, Any], kind: str) -> Any:
    if kind == "json":
        return client.post(path, data, content_type="application/json")
    return client.post(path, data)



@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_denied_writes_change_nothing_and_are_logged(role: str, world_for: Callable[..., dict[str, Any]]) -> None:
    from reintegra.audit.models import AuditEvent

    world = _write_world(world_for(role, with_model=False))
    client = Client()
    client.force_login(world["user"])
    denied = [write for write in _writes(world) if role not in MATRIX[write[0]]]
    assert denied or role in _CASEWORK, role
    before = _snapshot(world)
    logged = AuditEvent.objects.filter(action="denied", actor_id=world["user"].pk).count()
    for _route, path, data, kind in denied:
        response = _post(client, path, data, kind)
        assert response.status_code in {403, 404}, (role, path, response.status_code)
    assert _snapshot(world) == before
    refused = AuditEvent.objects.filter(action="denied", actor_id=world["user"].pk).count() - logged
    assert refused == len(denied), (role, refused, len(denied))


def test_the_same_writes_succeed_for_the_roles_allowed_them(world_for: Callable[..., dict[str, Any]]) -> None:
    """The control: the payloads above are valid, so the denied test proves a refusal, not a typo."""
    from reintegra.accounts.models import Membership
    from reintegra.partners.models import Consent

    world = _write_world(world_for(Role.SUPERVISOR, with_model=False))
    Membership.objects.create(user=world["user"], organisation=world["prison"], role=Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(world["user"])
    for person in (world["person"], world["other"]):
        client.post(f"/audit/purpose/{person.pk}/", {"purpose": "case_management", "next": "/"})
    before = _snapshot(world)
    statuses = {}
    for _route, path, data, kind in _writes(world):
        if path.startswith("/api/partners/consents/"):
            continue  # the page withdrew it already
        statuses[path] = _post(client, path, data, kind).status_code
    after = _snapshot(world)
    assert all(status in {201, 302} for status in statuses.values()), list(statuses.items())
    assert after["persons"] == before["persons"] + 2, statuses
    assert after["custody"] == before["custody"] + 1
    assert after["referrals"] == before["referrals"] + 1
    assert Consent.objects.get(pk=world["consent"].pk).withdrawn_at is not None
    assert after["agreements"] == before["agreements"] + 1
    assert after["pseudonymised"] > before["pseudonymised"] and after["expired"] != before["expired"]
