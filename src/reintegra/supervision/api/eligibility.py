"""The eligibility API under ``/api/supervision/``: flags in the user's scope (supervised people,
or people in custody with ``?population=custody``), one period's or custody stay's eligibility
(every rule, met or not, with the reasons and what is missing), reviews (list, and record one:
act, defer or decline with a reason) and the net-widening table.

Conventions as elsewhere: the right is checked before the body is read (403), a record outside
the user's scope is 404, service errors are 400 with field errors (``core.api.exception_handler``).
Reads of one person's eligibility are audited (``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.policy import Action, require
from reintegra.people import access_log
from reintegra.supervision.eligibility import CUSTODY, SUPERVISED, active_rules
from reintegra.supervision.models import EligibilityReview
from reintegra.supervision.selectors import eligibility as selectors
from reintegra.supervision.selectors import netwidening
from reintegra.supervision.services.eligibility import eligibility_review_record

POPULATION = OpenApiParameter("population", str, enum=[SUPERVISED, CUSTODY], description="Default supervised.")
PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")


class Pages(PageNumberPagination):
    page_size = 25


def _population(request: Request) -> str:
    value = request.query_params.get("population") or SUPERVISED
    if value not in (SUPERVISED, CUSTODY):
        raise NotFound()
    return value


class EligibilityCheckSerializer(serializers.Serializer):
    fact = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    met = serializers.BooleanField()
    text = serializers.CharField()
    missing = serializers.CharField()


def outcome_data(item: selectors.FlagItem) -> dict[str, Any]:
    flag, review = item.flag, item.review
    return {
        "rule": flag.rule.key, "rule_label": flag.rule.title, "eligible": flag.outcome.eligible,
        "near_miss": flag.outcome.near_miss, "reasons": EligibilityCheckSerializer(flag.outcome.checks, many=True).data,
        "missing": flag.outcome.missing, "hidden_by_review": item.hidden,
        "review": EligibilityReviewSerializer(review).data if review is not None else None,
    }


class EligibilityFlagSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    person = serializers.IntegerField()
    period = serializers.IntegerField(allow_null=True)
    episode = serializers.IntegerField(allow_null=True)
    reasons = EligibilityCheckSerializer(many=True)
    review = serializers.DictField(allow_null=True)


class EligibilityReviewSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField(help_text="act, defer or decline")

    class Meta:
        model = EligibilityReview
        fields = ["id", "rule", "period", "episode", "person", "outcome", "reason", "defer_until", "reasons",
                  "decided_on", "decided_by"]


class EligibilityReviewWriteSerializer(serializers.Serializer):
    rule = serializers.CharField(max_length=64)
    outcome = serializers.CharField(help_text="act, defer or decline")
    reason = serializers.CharField(allow_blank=True)
    defer_until = serializers.DateField(required=False, allow_null=True)
    period = serializers.IntegerField(required=False, help_text="The supervision period (supervised rules).")
    episode = serializers.IntegerField(required=False, help_text="The custody stay (custody rules).")


class EligibilityRuleSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    eligible = serializers.BooleanField()
    near_miss = serializers.BooleanField()
    reasons = EligibilityCheckSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    hidden_by_review = serializers.BooleanField()
    review = EligibilityReviewSerializer(allow_null=True)


class TargetEligibilitySerializer(serializers.Serializer):
    open = serializers.BooleanField()
    rules = EligibilityRuleSerializer(many=True)
    reviews = EligibilityReviewSerializer(many=True)


class NetWideningRowSerializer(serializers.Serializer):
    band = serializers.CharField(help_text="'' for not assessed")
    total = serializers.IntegerField()
    counts = serializers.ListField(child=serializers.IntegerField())
    shares = serializers.ListField(child=serializers.FloatField(allow_null=True))


class NetWideningSerializer(serializers.Serializer):
    levels = serializers.ListField(child=serializers.CharField(), help_text="'' for no level set")
    bands = serializers.ListField(child=serializers.CharField())
    total = serializers.IntegerField()
    rows = NetWideningRowSerializer(many=True)
    level_totals = serializers.ListField(child=serializers.IntegerField())
    over_supervised = serializers.IntegerField()
    under_supervised = serializers.IntegerField()
    min_for_share = serializers.IntegerField()
    over_supervised_people = serializers.ListField(child=serializers.DictField())


class FlagList(GenericAPIView):
    serializer_class = EligibilityFlagSerializer
    pagination_class = Pages

    @extend_schema(summary="Eligibility flags raised today in your scope, with the reasons",
                   parameters=[POPULATION, OpenApiParameter("rule", str),
                               OpenApiParameter("show", str, enum=["reviewed"],
                                                description="Also flags a review hides (deferred, declined, acted on).")])
    def get(self, request: Request) -> Response:
        population = _population(request)
        rule = request.query_params.get("rule", "")
        if rule and rule not in active_rules(population):
            return Response({"rule": ["There is no such eligibility rule."]}, status=status.HTTP_400_BAD_REQUEST)
        items = selectors.flag_list(user=request.user, population=population, rule=rule,
                                    show_hidden=request.query_params.get("show") == "reviewed")
        page = self.paginate_queryset(items)
        target = "period" if population == SUPERVISED else "episode"
        rows = [{"rule": item.flag.rule.key, "rule_label": item.flag.rule.title, "person": item.flag.row.person_id,
                 "period": None, "episode": None, target: item.target_id, "reasons": item.flag.outcome.checks,
                 "review": EligibilityReviewSerializer(item.review).data if item.review is not None else None}
                for item in page]
        return self.get_paginated_response(EligibilityFlagSerializer(rows, many=True).data)


class TargetEligibility(GenericAPIView):
    population = SUPERVISED
    serializer_class = TargetEligibilitySerializer

    @extend_schema(summary="Every rule against one supervision period or custody stay: met or not, why, what is "
                           "missing, the latest review, and every review (an audited read)", parameters=[PURPOSE])
    def get(self, request: Request, pk: int) -> Response:
        require(request.user, selectors.ACTION[self.population])
        get = selectors.period_get if self.population == SUPERVISED else selectors.episode_get
        target = get(user=request.user, pk=pk)
        if target is None:
            raise NotFound()
        access_log.api_read(request, target.person, fields=["eligibility"], object_type="eligibility",
                            object_id=target.pk)
        found = selectors.target_eligibility(population=self.population, target=target)
        return Response({"open": found.open, "rules": [outcome_data(item) for item in found.outcomes],
                         "reviews": EligibilityReviewSerializer(found.reviews, many=True).data})


class EpisodeEligibility(TargetEligibility):
    population = CUSTODY


class ReviewList(GenericAPIView):
    serializer_class = EligibilityReviewSerializer
    pagination_class = Pages

    @extend_schema(summary="Eligibility decisions about people in your scope, newest first", parameters=[POPULATION])
    def get(self, request: Request) -> Response:
        rows = selectors.review_list(user=request.user, population=_population(request))
        return self.get_paginated_response(EligibilityReviewSerializer(self.paginate_queryset(rows), many=True).data)

    @extend_schema(summary="Act on, defer or decline a flag, with the reason (name the period or the custody stay)",
                   request=EligibilityReviewWriteSerializer, responses={201: EligibilityReviewSerializer})
    def post(self, request: Request) -> Response:
        population = CUSTODY if "episode" in request.data else SUPERVISED
        require(request.user, selectors.EDIT_ACTION[population])
        serializer = EligibilityReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if population == SUPERVISED:
            target = selectors.period_get(user=request.user, pk=data.get("period"))
        else:
            target = selectors.episode_get(user=request.user, pk=data.get("episode"))
        if target is None:
            raise NotFound()
        review = eligibility_review_record(
            actor=request.user, rule=data["rule"], outcome=data["outcome"], reason=data["reason"],
            defer_until=data.get("defer_until"), **{"period" if population == SUPERVISED else "episode": target})
        return Response(EligibilityReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class NetWidening(GenericAPIView):
    serializer_class = NetWideningSerializer

    @extend_schema(summary="Supervision level against assessed band for a caseload or office, with the people "
                           "supervised well above their band (first 100)",
                   parameters=[OpenApiParameter("office", int), OpenApiParameter("officer", int)])
    def get(self, request: Request) -> Response:
        require(request.user, Action.SUPERVISION_VIEW)
        office = request.query_params.get("office")
        officer = request.query_params.get("officer")
        office_id = int(office) if str(office or "").isdigit() else None
        officer_id = int(officer) if str(officer or "").isdigit() else None
        table = netwidening.netwidening_table(user=request.user, office_id=office_id, officer_id=officer_id)
        over = netwidening.over_supervised(user=request.user, office_id=office_id, officer_id=officer_id)[:100]
        return Response({
            "levels": table.levels, "bands": table.bands, "total": table.total,
            "rows": [{"band": band, "total": total, "counts": [cell.count for cell in cells],
                      "shares": [round(cell.share, 3) if cell.share is not None else None for cell in cells]}
                     for band, cells, total in table.rows],
            "level_totals": table.level_totals, "over_supervised": table.over_count,
            "under_supervised": table.under_count, "min_for_share": netwidening.MIN_FOR_SHARE,
            "over_supervised_people": [{"period": p.pk, "person": p.person_id, "band": p.nw_band, "level": p.nw_level,
                                        "office": p.office_id, "officer": p.officer_id} for p in over],
        })
