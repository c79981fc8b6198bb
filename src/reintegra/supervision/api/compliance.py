"""The compliance API under ``/api/supervision/``: a period's events (with their responses) and
recording one, voiding an event, the matrix's proposal for an event and recording the response,
a period's recall or revocation decisions and deciding one, and the referrals awaiting a decision.

Conventions as in the rest of the supervision API (``api.caseload``): the right is checked before
the body is read (403), a period outside the user's full view is 404, service errors are 400 with
field errors and a stale period ``version`` 409. Reads are audited as reads of the person's record
(``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, require
from reintegra.supervision import responses
from reintegra.supervision.api.caseload import PURPOSE, Pages, _PeriodView, parsed
from reintegra.supervision.choices import EventKind, RecallKind, RecallOutcome, ResponseKind, Severity
from reintegra.supervision.models import ComplianceEvent, Condition
from reintegra.supervision.selectors import compliance as selectors
from reintegra.supervision.services import compliance as services
from reintegra.supervision.services.recall import recall_decide


class EventResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    proposed = serializers.CharField()
    proposal_reasons = serializers.SerializerMethodField(help_text="Why it was proposed, in the reader's language.")
    chosen = serializers.CharField()
    reason = serializers.CharField()
    decided_on = serializers.DateField()
    decided_by = serializers.IntegerField(source="decided_by_id")

    def get_proposal_reasons(self, response: Any) -> list[str]:
        return responses.describe(response.proposal_reasons or [])


class ComplianceEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    period = serializers.IntegerField(source="period_id")
    kind = serializers.CharField()
    positive = serializers.BooleanField()
    severity = serializers.CharField()
    occurred_on = serializers.DateField()
    condition = serializers.IntegerField(source="condition_id", allow_null=True)
    note = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id")
    voided = serializers.BooleanField(source="is_voided")
    void_reason = serializers.CharField()
    response = serializers.SerializerMethodField()

    def get_response(self, event: Any) -> dict[str, Any] | None:
        found = getattr(event, "response", None)  # a missing one-to-one raises AttributeError
        return dict(EventResponseSerializer(found).data) if found is not None else None


class EventVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ComplianceEventWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True, default="",
                                       help_text="Required for non-compliance; empty for a positive event.")
    occurred_on = serializers.DateField(help_text="Today or earlier, within the period.")
    condition = serializers.IntegerField(required=False, allow_null=True, help_text="One of the period's conditions.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResponseProposalSerializer(serializers.Serializer):
    response = serializers.CharField()
    label = serializers.CharField()
    reasons = serializers.SerializerMethodField()
    summary = serializers.CharField()

    def get_reasons(self, proposal: Any) -> list[str]:
        return [reason.text for reason in proposal.reasons]


class EventResponseWriteSerializer(serializers.Serializer):
    chosen = serializers.ChoiceField(choices=ResponseKind.choices)
    reason = serializers.CharField(allow_blank=True, help_text=(
        f"Required; at least {services.DEPARTURE_REASON_MIN} characters when the choice differs from the proposal."))
    decided_on = serializers.DateField(required=False, allow_null=True)


class RecallDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    period = serializers.IntegerField(source="period_id")
    kind = serializers.CharField(help_text=f"One of {', '.join(RecallKind.values)}.")
    outcome = serializers.CharField(help_text=f"One of {', '.join(RecallOutcome.values)}.")
    justification = serializers.CharField()
    events = serializers.SerializerMethodField()
    decided_on = serializers.DateField()
    decided_by = serializers.IntegerField(source="decided_by_id")

    def get_events(self, decision: Any) -> list[int]:
        return sorted(event.pk for event in decision.events.all())


class RecallDecisionWriteSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="recalled (ends the period as revoked) or continued (keeps it).")
    justification = serializers.CharField(allow_blank=True)
    events = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                   help_text="Ids of the period's events the decision weighs.")
    kind = serializers.ChoiceField(choices=RecallKind.choices, required=False, allow_blank=True, default="",
                                   help_text="Follows the period: recall for parole and licence, revocation otherwise.")
    decided_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True,
                                       help_text="The period's version the decision was drawn from (409 if stale).")


class PendingRecallSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    kind = serializers.CharField()
    office = serializers.IntegerField(source="office_id")
    officer = serializers.IntegerField(source="officer_id", allow_null=True)
    referred_on = serializers.DateField()
    referred_event = serializers.IntegerField()


class PeriodEventsView(_PeriodView):
    serializer_class = ComplianceEventSerializer
    pagination_class = Pages

    @extend_schema(summary="The period's events, newest first, with their responses (voided ones marked)",
                   parameters=[PURPOSE], responses=ComplianceEventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        page = self.paginate_queryset(selectors.events_of_period(period=period))
        response = self.get_paginated_response(ComplianceEventSerializer(page, many=True).data)
        self.read(period, ["compliance-events", "event-responses"])
        return response

    @extend_schema(summary="Record a compliance event (with its severity) or a positive event (without)",
                   request=ComplianceEventWriteSerializer, responses={201: ComplianceEventSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        period = self.period(pk)
        data = parsed(ComplianceEventWriteSerializer, request)
        condition = None
        if data.get("condition") is not None:  # another period's condition is refused by the service
            condition = Condition.objects.filter(pk=data["condition"]).first()
            if condition is None:
                raise ValidationError({"condition": [_("Choose one of this supervision period's conditions.")]})
        event = services.compliance_event_record(
            actor=request.user, period=period, kind=data["kind"], severity=data["severity"],
            occurred_on=data["occurred_on"], condition=condition, note=data["note"])
        return Response(ComplianceEventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventVoidView(_PeriodView):
    serializer_class = ComplianceEventSerializer

    @extend_schema(summary="Void an event recorded in error, with the reason", request=EventVoidSerializer,
                   responses=ComplianceEventSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        event = self.child(ComplianceEvent, pk)
        data = parsed(EventVoidSerializer, request)
        event = services.compliance_event_void(actor=request.user, event=event, reason=data["reason"])
        return Response(ComplianceEventSerializer(event).data)


class EventProposalView(_PeriodView):
    serializer_class = ResponseProposalSerializer

    @extend_schema(summary="What the graduated-response matrix proposes for the event now, and why",
                   parameters=[PURPOSE], responses=ResponseProposalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        event = self.child(ComplianceEvent, pk)
        data = ResponseProposalSerializer(selectors.proposal_for(event)).data
        self.read(event.period, ["compliance-events"])
        return Response(data)


class EventResponseView(_PeriodView):
    serializer_class = EventResponseSerializer

    @extend_schema(summary="Record the response to an event (the proposal and its reasons are kept with it)",
                   request=EventResponseWriteSerializer, responses={201: EventResponseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_EDIT)
        event = self.child(ComplianceEvent, pk)
        data = parsed(EventResponseWriteSerializer, request)
        response = services.event_response_record(actor=request.user, event=event, chosen=data["chosen"],
                                                  reason=data["reason"], decided_on=data.get("decided_on"))
        return Response(EventResponseSerializer(response).data, status=status.HTTP_201_CREATED)


class RecallDecisionsView(_PeriodView):
    serializer_class = RecallDecisionSerializer

    @extend_schema(summary="The period's recall or revocation decisions, newest first", parameters=[PURPOSE],
                   responses=RecallDecisionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        period = self.period(pk)
        data = RecallDecisionSerializer(selectors.recall_decisions_of_period(period=period), many=True).data
        self.read(period, ["recall-decisions"])
        return Response(data)

    @extend_schema(summary="Decide on recall or revocation (supervisors): recalled ends the period as revoked",
                   request=RecallDecisionWriteSerializer, responses={201: RecallDecisionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        require(request.user, Action.RECALL_DECIDE)
        period = self.period(pk)
        data = parsed(RecallDecisionWriteSerializer, request)
        decision = recall_decide(
            actor=request.user, period=period, outcome=data["outcome"], justification=data["justification"],
            events=data["events"], kind=data["kind"], decided_on=data.get("decided_on"),
            expected_version=data.get("version"))
        return Response(RecallDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class PendingRecallsView(GenericAPIView):
    serializer_class = PendingRecallSerializer
    pagination_class = Pages

    @extend_schema(summary="Open periods in your scope with a referral awaiting a recall decision (supervisors)",
                   responses=PendingRecallSerializer(many=True))
    def get(self, request: Request) -> Response:
        require(request.user, Action.RECALL_DECIDE)
        page = self.paginate_queryset(selectors.recall_pending_list(user=request.user))
        return self.get_paginated_response(PendingRecallSerializer(page, many=True).data)
