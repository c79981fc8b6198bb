"""The case-plans API (``/api/plans/``): lists (caseload, reviews due, awaiting countersignature, a
person's plans), a plan with its goals, actions and dosage, the writes (create from the latest
assessment, goals, actions, enrolment from an action, agreement, submit, countersign, review,
handover and its acknowledgement, close), versions and their comparison, and programme suggestions.

Conventions as in the assessments API: the right is checked before the body is read (403), a plan
the user may not see is 404, service errors are 400 with field errors and a stale ``version`` 409
(``core.api.exception_handler``). Reads of a plan are audited as reads of the person's record
(``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.models import Organisation, User
from reintegra.accounts.policy import Action, Level, person_load, require
from reintegra.people import access_log
from reintegra.people.models import Person
from reintegra.planning import inputs, selectors, services
from reintegra.planning.models import CasePlan, PlanAction, PlanGoal
from reintegra.planning.serializers import (
    PlanActionAddSerializer, PlanActionSerializer, PlanActionUpdateSerializer, PlanAgreementSerializer, PlanCloseSerializer,
    PlanComparisonSerializer, PlanCountersignSerializer, PlanEnrolSerializer, PlanGoalAddSerializer, PlanGoalSerializer,
    PlanGoalUpdateSerializer, PlanHandoverBodySerializer, PlanNeedSuggestionsSerializer, PlanCreateSerializer,
    PlanHandoverSerializer, PlanHistorySerializer, PlanReviewSerializer, PlanSerializer, PlanSummarySerializer,
    PlanVersionDetailSerializer, PlanVersionSerializer, PlanReviewDueSerializer, PlanReviewBodySerializer, PlanSubmitSerializer,
    PlanVoidSerializer,
)
from reintegra.programmes.models import Cohort, Programme

OBJECT_TYPE = "planning.caseplan"
PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")
GOAL_PK = OpenApiParameter("goal_pk", int, OpenApiParameter.PATH, description="A goal of the plan.")
ACTION_PK = OpenApiParameter("action_pk", int, OpenApiParameter.PATH, description="An action of the plan.")
HANDOVER_PK = OpenApiParameter("handover_pk", int, OpenApiParameter.PATH, description="A handover of the plan.")
NUMBER = OpenApiParameter("number", int, OpenApiParameter.PATH, description="A version number of the plan.")


def _parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _found(model: type, pk: Any, field: str, message: str, **filters: Any) -> Any:
    """The ``model`` row ``pk`` (matching ``filters``), ``None`` for no id, a field error otherwise."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **filters).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _user(pk: Any, field: str) -> User | None:
    return _found(User, pk, field, _("No such member of staff."), is_active=True)


def _organisation(pk: Any, field: str) -> Organisation | None:
    return _found(Organisation, pk, field, _("No such organisation."), active=True)


def _programme(pk: Any) -> Programme | None:
    return _found(Programme, pk, "programme", _("No such programme in the catalogue."), voided_at__isnull=True)


def _plan_data(plan: CasePlan) -> dict[str, Any]:
    return dict(PlanSerializer(plan, context={"contents": selectors.plan_contents(plan=plan)}).data)


def _goal_data(goal: PlanGoal) -> dict[str, Any]:
    goal.plan_actions = list(goal.actions.filter(voided_at__isnull=True).select_related(
        "programme", "owner_user", "owner_organisation", "enrolment"))
    return dict(PlanGoalSerializer(goal).data)


@extend_schema_view(
    list=extend_schema(
        summary="Plans in your scope: your caseload (default), reviews due, awaiting countersignature, all open "
                "plans, or every plan of one person (?person=, an audited read)",
        parameters=[
            OpenApiParameter("view", str, enum=list(selectors.VIEWS)),
            OpenApiParameter("q", str, description="Search in the person's name."),
            OpenApiParameter("person", int, description="Every plan of this person, closed ones too."),
            PURPOSE,
        ],
        responses=PlanSummarySerializer(many=True)),
    retrieve=extend_schema(summary="A plan with its goals, actions and dosage against the guidance",
                           parameters=[PURPOSE], responses=PlanSerializer),
    create=extend_schema(summary="Build a draft plan from the person's latest assessment",
                         request=PlanCreateSerializer, responses={201: PlanSerializer}),
)
class PlanViewSet(viewsets.GenericViewSet):
    serializer_class = PlanSerializer
    queryset = CasePlan.objects.none()  # always loaded through the selectors
    lookup_value_regex = r"\d+"

    def _plan(self, pk: Any) -> CasePlan:
        plan = selectors.plan_get(user=self.request.user, pk=int(pk)) if str(pk).isdigit() else None
        if plan is None:
            raise NotFound()
        return plan

    def _goal(self, plan: CasePlan, pk: Any) -> PlanGoal:
        goal = plan.goals.filter(pk=pk).first()
        if goal is None:
            raise NotFound()
        goal.plan = plan
        return goal

    def _action(self, plan: CasePlan, pk: Any) -> PlanAction:
        found = plan.actions.select_related("programme", "enrolment").filter(pk=pk).first()
        if found is None:
            raise NotFound()
        found.plan = plan
        return found

    def _read(self, plan: CasePlan, fields: list[str]) -> None:
        access_log.api_read(self.request, plan.person, fields=fields, object_type=OBJECT_TYPE, object_id=plan.pk)

    # --- reads ---------------------------------------------------------------------------------

    def list(self, request: Request) -> Response:
        require(request.user, Action.PLAN_VIEW)
        person_pk = request.query_params.get("person")
        if person_pk is not None:
            person = (person_load(request.user, Person.objects.filter(voided_at__isnull=True), int(person_pk),
                                  level=Level.FULL) if person_pk.isdigit() else None)
            if person is None:
                raise NotFound()
            plans = selectors.plans_of_person(user=request.user, person=person)
            page = self.paginate_queryset(plans)
            response = self.get_paginated_response(PlanSummarySerializer(page, many=True).data)
            access_log.api_read(request, person, fields=["case_plans"], object_type=OBJECT_TYPE, object_id=person.pk)
            return response
        view = request.query_params.get("view", "caseload")
        if view not in selectors.VIEWS:
            raise ValidationError({"view": [_("Choose one of: %(views)s.") % {"views": ", ".join(selectors.VIEWS)}]})
        plans = selectors.plan_list(user=request.user, view=view, search=request.query_params.get("q", ""))
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSummarySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        data = _plan_data(plan)
        self._read(plan, ["plan", "goals", "actions", "agreement"])
        return Response(data)

    @extend_schema(summary="The plan's kept versions, oldest first", parameters=[PURPOSE],
                   responses=PlanVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        data = PlanVersionSerializer(selectors.plan_versions(plan=plan), many=True).data
        self._read(plan, ["versions"])
        return Response(data)

    @extend_schema(summary="One kept version with the whole plan as it was", parameters=[NUMBER, PURPOSE],
                   responses=PlanVersionDetailSerializer)
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)")
    def version(self, request: Request, pk: str, number: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        found = selectors.plan_version(plan=plan, number=int(number))
        if found is None:
            raise NotFound()
        self._read(plan, ["versions"])
        return Response(PlanVersionDetailSerializer(found).data)

    @extend_schema(summary="What changed between two kept versions (older first whatever the order given)",
                   parameters=[OpenApiParameter("a", int, required=True), OpenApiParameter("b", int, required=True),
                               PURPOSE],
                   responses=PlanComparisonSerializer)
    @action(detail=True, methods=["get"])
    def compare(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
        errors = {name: [_("Give a version number.")] for name, value in (("a", a), ("b", b)) if not value.isdigit()}
        if errors:
            raise ValidationError(errors)
        found = selectors.plan_compare(plan=plan, a=int(a), b=int(b))
        if found is None:
            raise NotFound()
        older, newer, comparison = found
        self._read(plan, ["versions"])
        return Response(PlanComparisonSerializer((older.number, newer.number, comparison)).data)

    @extend_schema(summary="Reviews and handovers of the plan", parameters=[PURPOSE],
                   responses=PlanHistorySerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        data = PlanHistorySerializer({"reviews": selectors.plan_reviews(plan=plan),
                                      "handovers": selectors.plan_handovers(plan=plan)}).data
        self._read(plan, ["reviews", "handovers"])
        return Response(data)

    @extend_schema(summary="Programmes suggested for each of the person's ranked needs, with the reasons",
                   parameters=[OpenApiParameter("limit", int, description="Suggestions per need (1-20, default 5)."),
                               OpenApiParameter("include_ineligible", bool), PURPOSE],
                   responses=PlanNeedSuggestionsSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, pk: str) -> Response:
        require(request.user, Action.PLAN_VIEW)
        plan = self._plan(pk)
        limit = request.query_params.get("limit", "5")
        if not limit.isdigit() or not 1 <= int(limit) <= 20:
            raise ValidationError({"limit": [_("Give a number between 1 and 20.")]})
        include = request.query_params.get("include_ineligible", "").lower() in {"1", "true", "yes"}
        found = inputs.suggestions_for(person=plan.person, limit=int(limit), include_ineligible=include)
        self._read(plan, ["needs", "suggestions"])
        return Response(PlanNeedSuggestionsSerializer(found, many=True).data)

    @extend_schema(summary="Active plans due a review (scheduled or after an event), soonest first",
                   parameters=[OpenApiParameter("window", int, description="Days ahead (default 30)."),
                               OpenApiParameter("all", bool, description="Every plan in your scope, not only yours.")],
                   responses=PlanReviewDueSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="reviews-due", pagination_class=None)
    def reviews_due(self, request: Request) -> Response:
        require(request.user, Action.PLAN_VIEW)
        window = request.query_params.get("window", "30")
        if not window.isdigit() or int(window) > 3660:
            raise ValidationError({"window": [_("Give a number of days between 0 and 3660.")]})
        rows = selectors.reviews_due(
            user=request.user, on=timezone.localdate(), window_days=int(window),
            caseload_only=request.query_params.get("all", "").lower() not in {"1", "true", "yes"})
        return Response(PlanReviewDueSerializer(rows, many=True).data)

    @extend_schema(summary="Plans handed over to you that you have not acknowledged yet",
                   responses=PlanHandoverSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="handovers", pagination_class=None)
    def handovers(self, request: Request) -> Response:
        require(request.user, Action.PLAN_VIEW)
        return Response(PlanHandoverSerializer(selectors.handovers_awaiting(user=request.user), many=True).data)

    # --- writes --------------------------------------------------------------------------------

    def create(self, request: Request) -> Response:
        require(request.user, Action.PLAN_EDIT)
        data = _parsed(PlanCreateSerializer, request)
        person = person_load(request.user, Person.objects.filter(voided_at__isnull=True), data["person"],
                             level=Level.FULL)
        if person is None:
            raise ValidationError({"person": [_("No such record, or you may not see it in full.")]})
        plan = services.plan_create(actor=request.user, person=person)
        return Response(_plan_data(selectors.plan_get(user=request.user, pk=plan.pk)), status=status.HTTP_201_CREATED)

    def _plan_write(self, pk: str, right: Any = Action.PLAN_EDIT) -> CasePlan:
        require(self.request.user, right)  # before reading the body: no right, no validation
        return self._plan(pk)

    @extend_schema(summary="Add a goal", request=PlanGoalAddSerializer, responses={201: PlanGoalSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanGoalAddSerializer, request)
        goal = services.goal_add(actor=request.user, plan=plan, **data)
        return Response(_goal_data(goal), status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a goal (only the fields sent)", parameters=[GOAL_PK],
                   request=PlanGoalUpdateSerializer, responses=PlanGoalSerializer)
    @action(detail=True, methods=["patch"], url_path=r"goals/(?P<goal_pk>\d+)")
    def goal_update(self, request: Request, pk: str, goal_pk: str) -> Response:
        plan = self._plan_write(pk)
        goal = self._goal(plan, goal_pk)
        data = _parsed(PlanGoalUpdateSerializer, request)
        version = data.pop("version")
        goal = services.goal_update(actor=request.user, goal=goal, expected_version=version, **data)
        return Response(_goal_data(goal))

    @extend_schema(summary="Void a goal added by mistake, with its actions", parameters=[GOAL_PK],
                   request=PlanVoidSerializer, responses=PlanGoalSerializer)
    @action(detail=True, methods=["post"], url_path=r"goals/(?P<goal_pk>\d+)/void")
    def goal_void(self, request: Request, pk: str, goal_pk: str) -> Response:
        plan = self._plan_write(pk)
        goal = self._goal(plan, goal_pk)
        data = _parsed(PlanVoidSerializer, request)
        goal = services.goal_void(actor=request.user, goal=goal, expected_version=data["version"],
                                  reason=data["reason"])
        return Response(_goal_data(goal))

    @extend_schema(summary="Add an action to a goal (it needs an owner)", request=PlanActionAddSerializer,
                   responses={201: PlanActionSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanActionAddSerializer, request)
        goal = _found(PlanGoal, data["goal"], "goal", _("No such goal in this plan."), plan=plan)
        goal.plan = plan
        added = services.action_add(
            actor=request.user, goal=goal, description=data["description"], owner_kind=data["owner_kind"],
            owner_user=_user(data["owner_user"], "owner_user"),
            owner_organisation=_organisation(data["owner_organisation"], "owner_organisation"),
            due_on=data["due_on"], programme=_programme(data["programme"]), planned_hours=data["planned_hours"])
        return Response(PlanActionSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change an action (only the fields sent)", parameters=[ACTION_PK],
                   request=PlanActionUpdateSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["patch"], url_path=r"actions/(?P<action_pk>\d+)")
    def action_update(self, request: Request, pk: str, action_pk: str) -> Response:
        plan = self._plan_write(pk)
        found = self._action(plan, action_pk)
        data = _parsed(PlanActionUpdateSerializer, request)
        version = data.pop("version")
        if "owner_user" in data:
            data["owner_user"] = _user(data["owner_user"], "owner_user")
        if "owner_organisation" in data:
            data["owner_organisation"] = _organisation(data["owner_organisation"], "owner_organisation")
        if "programme" in data:
            data["programme"] = _programme(data["programme"])
        found = services.action_update(actor=request.user, action=found, expected_version=version, **data)
        return Response(PlanActionSerializer(found).data)

    @extend_schema(summary="Void an action added by mistake", parameters=[ACTION_PK], request=PlanVoidSerializer,
                   responses=PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_pk>\d+)/void")
    def action_void(self, request: Request, pk: str, action_pk: str) -> Response:
        plan = self._plan_write(pk)
        found = self._action(plan, action_pk)
        data = _parsed(PlanVoidSerializer, request)
        found = services.action_void(actor=request.user, action=found, expected_version=data["version"],
                                     reason=data["reason"])
        return Response(PlanActionSerializer(found).data)

    @extend_schema(summary="Put the person on the waiting list of a cohort of the action's programme",
                   parameters=[ACTION_PK], request=PlanEnrolSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<action_pk>\d+)/enrol")
    def action_enrol(self, request: Request, pk: str, action_pk: str) -> Response:
        plan = self._plan_write(pk)
        found = self._action(plan, action_pk)
        data = _parsed(PlanEnrolSerializer, request)
        cohort = _found(Cohort, data["cohort"], "cohort", _("No such cohort."), voided_at__isnull=True)
        found = services.action_enrol(actor=request.user, action=found, cohort=cohort,
                                      expected_version=data["version"])
        return Response(PlanActionSerializer(found).data)

    @extend_schema(summary="Record whether the person agrees with the plan, in their words",
                   request=PlanAgreementSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def agreement(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanAgreementSerializer, request)
        plan = services.agreement_record(actor=request.user, plan=plan, agreement=data["agreement"],
                                         words=data["words"], expected_version=data["version"])
        return Response(_plan_data(plan))

    @extend_schema(summary="Submit a draft for countersignature", request=PlanSubmitSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanSubmitSerializer, request)
        plan = services.plan_submit(actor=request.user, plan=plan, expected_version=data["version"], note=data["note"])
        return Response(_plan_data(plan))

    @extend_schema(summary="Countersign a submitted plan, or return it to draft with a note",
                   request=PlanCountersignSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk, Action.PLAN_COUNTERSIGN)
        data = _parsed(PlanCountersignSerializer, request)
        plan = services.plan_countersign(actor=request.user, plan=plan, approve=data["approve"], note=data["note"],
                                         expected_version=data["version"])
        return Response(_plan_data(plan))

    @extend_schema(summary="Review an active plan (new needs from the latest assessment become goals)",
                   request=PlanReviewBodySerializer, responses={201: PlanReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanReviewBodySerializer, request)
        review = services.plan_review(actor=request.user, plan=plan, reason=data["reason"], summary=data["summary"],
                                      event_note=data["event_note"], next_review_on=data["next_review_on"],
                                      expected_version=data["version"])
        return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Hand the plan to another officer (they acknowledge it)", request=PlanHandoverBodySerializer,
                   responses={201: PlanHandoverSerializer})
    @action(detail=True, methods=["post"])
    def handover(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanHandoverBodySerializer, request)
        handover = services.plan_handover(
            actor=request.user, plan=plan, to_officer=_user(data["to_officer"], "to_officer"),
            to_organisation=_organisation(data["to_organisation"], "to_organisation"), reason=data["reason"],
            expected_version=data["version"])
        return Response(PlanHandoverSerializer(handover).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Acknowledge a handover to you", parameters=[HANDOVER_PK], request=None,
                   responses=PlanHandoverSerializer)
    @action(detail=True, methods=["post"], url_path=r"handovers/(?P<handover_pk>\d+)/acknowledge")
    def acknowledge(self, request: Request, pk: str, handover_pk: str) -> Response:
        plan = self._plan_write(pk)
        handover = plan.handovers.filter(pk=handover_pk).first()
        if handover is None:
            raise NotFound()
        handover.plan = plan
        handover = services.handover_acknowledge(actor=request.user, handover=handover)
        return Response(PlanHandoverSerializer(handover).data)

    @extend_schema(summary="Close the plan, with the reason", request=PlanCloseSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        plan = self._plan_write(pk)
        data = _parsed(PlanCloseSerializer, request)
        plan = services.plan_close(actor=request.user, plan=plan, reason=data["reason"],
                                   expected_version=data["version"])
        return Response(_plan_data(plan))

