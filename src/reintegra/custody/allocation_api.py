"""The allocation API (``/api/custody/allocation/``) and the unit figures of a facility.

Allocation needs ``allocation.decide`` (403, checked before the body is read) and a person in the
user's scope at the full level (404 otherwise). Reads of a person's ranking and decisions are
audited (``?purpose=`` outside one's own caseload). Service errors are 400 with field errors; a
decision made against a custody stay that changed since (``expected_episode`` and
``expected_episode_version``) is 409.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.accounts.policy import Action, require
from reintegra.custody import allocation_selectors as allocation
from reintegra.custody import selectors, services
from reintegra.custody.api import facility_or_404, months_param, round2
from reintegra.custody.choices import SecurityLevel
from reintegra.custody.models import AllocationDecision
from reintegra.justice.choices import CustodyKind
from reintegra.people import access_log

PURPOSE = OpenApiParameter("purpose", str, description="Why you are reading the record: required for people "
                                                       "outside your own caseload.")
OBJECT_TYPE = "custody.allocation"


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="security, sex, age, profile, programmes, capacity or family.")
    points = serializers.FloatField()
    max_points = serializers.FloatField()
    fits = serializers.BooleanField(help_text="False: a hard rule is broken and the facility is not ranked.")
    explanation = serializers.CharField()


class RankedSerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True, help_text="1 = best; null when the facility cannot hold the person.")
    score = serializers.FloatField()
    max_score = serializers.FloatField()
    suitable = serializers.BooleanField()
    distance_km = serializers.FloatField(allow_null=True)
    places_left = serializers.IntegerField(allow_null=True)
    occupancy_pct = serializers.FloatField(allow_null=True)
    criteria = CriterionSerializer(many=True)


class RankingSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    on = serializers.DateField()
    required_security = serializers.CharField()
    required_security_source = serializers.ChoiceField(
        choices=["given", "decision", "current"],
        help_text="given: ?required_security=; decision: the person's latest decision; current: the security "
                  "level of the facility holding them (the defaults, in that order).")
    current_facility = serializers.IntegerField(allow_null=True)
    current_episode = serializers.IntegerField(allow_null=True)
    current_episode_version = serializers.IntegerField(allow_null=True)
    needs = serializers.ListField(child=serializers.CharField())
    assessment = serializers.IntegerField(allow_null=True)
    facilities = RankedSerializer(many=True)


class DecideSerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    required_security = serializers.ChoiceField(choices=SecurityLevel.choices)
    reason = serializers.CharField(max_length=2000)
    expected_episode = serializers.IntegerField(allow_null=True, required=False, default=None,
                                                help_text="The custody stay you saw (null: not in custody).")
    expected_episode_version = serializers.IntegerField(allow_null=True, required=False, default=None)


class DecisionSerializer(serializers.ModelSerializer):
    # A plain string in the schema: "outcome" already names justice's charge outcomes there.
    outcome = serializers.CharField(read_only=True, help_text="transfer, stay or admission.")

    class Meta:
        model = AllocationDecision
        fields = ["id", "person", "facility", "required_security", "chosen_rank", "reason", "outcome", "effective_on",
                  "from_episode", "episode", "decided_by", "decided_at", "ranking"]
        read_only_fields = fields


class AdmitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CustodyKind.choices)
    admitted_on = serializers.DateField()


def _parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def ranking_data(ranking: allocation.AllocationRanking) -> dict[str, Any]:
    episode = ranking.current_episode
    return {
        "person": ranking.person.pk, "on": ranking.on, "required_security": ranking.required_security,
        "current_facility": ranking.current_facility_id, "current_episode": episode.pk if episode else None,
        "current_episode_version": episode.version if episode else None, "needs": list(ranking.facts.needs),
        "assessment": ranking.assessment_id, "facilities": allocation.ranking_snapshot(ranking),
    }


class AllocationRankingView(APIView):
    @extend_schema(
        summary="Facilities ranked for a person, with the points and explanation of each criterion",
        parameters=[OpenApiParameter("required_security", str, description=(
            "open, low, medium, high or maximum; default the level of the person's latest decision, else the "
            "level of the facility holding them (400 when there is neither).")), PURPOSE],
        responses=RankingSerializer,
    )
    def get(self, request: Request, person_pk: int) -> Response:
        require(request.user, Action.ALLOCATION_DECIDE)
        person = allocation.allocation_person(user=request.user, pk=person_pk)
        required, source = request.query_params.get("required_security", ""), "given"
        if not required:
            required, source = allocation.default_required_security(person=person)
        if required not in SecurityLevel.values:
            raise ValidationError({"required_security": [_("Choose the security level the person requires.")]})
        ranking = allocation.allocation_rank(user=request.user, person=person, required_security=required)
        data = RankingSerializer(ranking_data(ranking) | {"required_security_source": source}).data
        access_log.api_read(request, person, fields=["allocation", "needs", "family-contacts", "custody"],
                            object_type=OBJECT_TYPE, object_id=person.pk)
        return Response(data)


class AllocationDecisionsView(APIView):
    @extend_schema(summary="A person's allocation decisions, newest first", parameters=[PURPOSE],
                   responses=DecisionSerializer(many=True))
    def get(self, request: Request, person_pk: int) -> Response:
        require(request.user, Action.ALLOCATION_DECIDE)
        person = allocation.allocation_person(user=request.user, pk=person_pk)
        data = DecisionSerializer(allocation.allocation_decision_list(user=request.user, person=person), many=True).data
        access_log.api_read(request, person, fields=["allocation-decisions"], object_type=OBJECT_TYPE,
                            object_id=person.pk)
        return Response(data)

    @extend_schema(summary="Decide where a person is held (a transfer when held elsewhere)",
                   request=DecideSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, person_pk: int) -> Response:
        require(request.user, Action.ALLOCATION_DECIDE)  # before reading the body: no right, no validation
        person = allocation.allocation_person(user=request.user, pk=person_pk)
        data = _parsed(DecideSerializer, request)
        facility = Organisation.objects.filter(pk=data.pop("facility"), kind=OrganisationKind.PRISON).first()
        decision = services.allocation_decide(actor=request.user, person=person, facility=facility, **data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class AllocationAdmitView(APIView):
    @extend_schema(summary="Admit a person to the facility of their latest decision, made for the admission",
                   request=AdmitSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, person_pk: int) -> Response:
        require(request.user, Action.ALLOCATION_DECIDE)
        person = allocation.allocation_person(user=request.user, pk=person_pk)
        data = _parsed(AdmitSerializer, request)
        decision = allocation.allocation_decision_list(user=request.user, person=person).first()
        if decision is None:
            raise ValidationError({"decision": [_("No allocation decision has been recorded for this person.")]})
        services.allocation_admit(actor=request.user, decision=decision, **data)
        decision.refresh_from_db()
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


# --- units of a facility (aggregates: facility.view) ---------------------------------------------

class UnitFiguresSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    security_level = serializers.CharField()
    held = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    occupancy_pct = serializers.FloatField(allow_null=True)
    overcrowded = serializers.BooleanField()


class UnitOccupancySerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    on = serializers.DateField()
    held = serializers.IntegerField(help_text="Everyone the facility holds on the date.")
    not_in_a_unit = serializers.IntegerField(help_text="People held with no unit recorded that day.")
    units = UnitFiguresSerializer(many=True)


class UnitSeriesSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    points = serializers.ListField(child=serializers.DictField(), help_text="on, held, occupancy_pct per month end.")


class UnitOccupancyView(APIView):
    @extend_schema(summary="People held in each unit of a facility on a date, against each unit's capacity",
                   parameters=[OpenApiParameter("on", str, description="YYYY-MM-DD (default today).")],
                   responses=UnitOccupancySerializer)
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.FACILITY_VIEW)
        raw = request.query_params.get("on", "")
        on = parse_date(raw) if raw else timezone.localdate()
        if on is None:
            raise ValidationError({"on": [_("Give a date as YYYY-MM-DD.")]})
        facility = facility_or_404(request, pk)
        units = selectors.unit_occupancy(user=request.user, facility=facility, on=on)
        report = selectors.occupancy_on(user=request.user, on=on, facility_ids=[facility.pk])
        held = report.facilities[0].held.total if report.facilities else 0
        return Response(UnitOccupancySerializer({
            "facility": facility.pk, "on": on, "held": held, "not_in_a_unit": max(0, held - sum(u.held for u in units)),
            "units": [{"unit": u.unit.pk, "name": u.unit.name, "active": u.unit.active,
                       "security_level": u.unit.security_level, "held": u.held, "capacity": u.capacity,
                       "occupancy_pct": round2(u.occupancy_pct), "overcrowded": u.overcrowded} for u in units],
        }).data)


class UnitOccupancySeriesView(APIView):
    @extend_schema(summary="People held in each unit at the end of each month",
                   parameters=[OpenApiParameter("months", int, description=f"1-{selectors.MAX_MONTHS} (default 12).")],
                   responses=UnitSeriesSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, Action.FACILITY_VIEW)
        months = months_param(request)
        facility = facility_or_404(request, pk)
        series = selectors.unit_occupancy_series(user=request.user, facility=facility, months=months)
        return Response(UnitSeriesSerializer([
            {"unit": s.unit.pk, "name": s.unit.name, "capacity": s.unit.official_capacity,
             "points": [{"on": on.isoformat(), "held": held, "occupancy_pct": round2(pct)}
                        for on, held, pct in s.occupancy()]}
            for s in series], many=True).data)
