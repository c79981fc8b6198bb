"""The custody API (``/api/custody/``): occupancy and unsentenced detainees on a date, and one
facility's monthly series. Aggregates only; ``facility.view`` is required (403 otherwise)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.accounts.models import Organisation
from reintegra.custody import selectors
from reintegra.custody.selectors import FacilityOccupancy, Held, NationalOccupancy


def round2(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class SexFiguresSerializer(serializers.Serializer):
    held = serializers.IntegerField()
    unsentenced = serializers.IntegerField()
    unsentenced_pct = serializers.FloatField(allow_null=True)


class BySexSerializer(serializers.Serializer):
    female = SexFiguresSerializer()
    male = SexFiguresSerializer()
    other = SexFiguresSerializer(help_text="Intersex and sex not recorded.")


class FacilityFiguresSerializer(serializers.Serializer):
    facility = serializers.IntegerField(allow_null=True, help_text="Organisation id; null for the national row.")
    name = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    held = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    capacity_type = serializers.CharField(allow_blank=True)
    occupancy_pct = serializers.FloatField(allow_null=True, help_text="held x 100 / capacity; null without a capacity.")
    overcrowded = serializers.BooleanField()
    unsentenced = serializers.IntegerField()
    unsentenced_pct = serializers.FloatField(allow_null=True, help_text="SDG 16.3.2.")
    by_sex = BySexSerializer()


class OccupancySerializer(serializers.Serializer):
    on = serializers.DateField()
    facilities = FacilityFiguresSerializer(many=True)
    national = FacilityFiguresSerializer()
    facilities_without_capacity = serializers.IntegerField()


class SeriesPointSerializer(serializers.Serializer):
    on = serializers.DateField()
    held = serializers.IntegerField()
    unsentenced = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    occupancy_pct = serializers.FloatField(allow_null=True)
    unsentenced_pct = serializers.FloatField(allow_null=True)


class SeriesSerializer(serializers.Serializer):
    facility = serializers.IntegerField()
    months = serializers.IntegerField()
    points = SeriesPointSerializer(many=True)


def months_param(request: Request) -> int:
    """``?months=`` (default 12), 1 to ``MAX_MONTHS``; a 400 naming ``months`` otherwise."""
    raw = request.query_params.get("months", "12")
    if not raw.isdigit() or not 1 <= int(raw) <= selectors.MAX_MONTHS:
        raise ValidationError({"months": [_("Give a number of months between 1 and %(max)s.") % {
            "max": selectors.MAX_MONTHS}]})
    return int(raw)


def facility_or_404(request: Request, pk: int) -> Organisation:
    try:
        return selectors.facility_get(user=request.user, pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _sex(held: Held) -> dict[str, Any]:
    return {group: {**figures, "unsentenced_pct": round2(figures["unsentenced_pct"])}
            for group, figures in held.sex_figures().items()}


def _facility_row(f: FacilityOccupancy) -> dict[str, Any]:
    return {"facility": f.facility_id, "name": f.name, "region": f.region, "held": f.held.total, "capacity": f.capacity,
            "capacity_type": f.capacity_type, "occupancy_pct": round2(f.occupancy_pct), "overcrowded": f.overcrowded,
            "unsentenced": f.held.unsentenced, "unsentenced_pct": round2(f.held.unsentenced_pct), "by_sex": _sex(f.held)}


def _national_row(n: NationalOccupancy) -> dict[str, Any]:
    return {"facility": None, "name": _("National"), "region": "", "held": n.held.total, "capacity": n.capacity,
            "capacity_type": "", "occupancy_pct": round2(n.occupancy_pct), "overcrowded": n.overcrowded,
            "unsentenced": n.held.unsentenced, "unsentenced_pct": round2(n.held.unsentenced_pct), "by_sex": _sex(n.held)}


class OccupancyView(APIView):
    @extend_schema(
        summary="Occupancy and unsentenced detainees (SDG 16.3.2) of every facility and nationally, on a date",
        parameters=[OpenApiParameter("on", str, description="The date, YYYY-MM-DD (default today).")],
        responses=OccupancySerializer,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("on", "")
        on = parse_date(raw) if raw else timezone.localdate()
        if on is None:
            raise ValidationError({"on": [_("Give a date as YYYY-MM-DD.")]})
        report = selectors.occupancy_on(user=request.user, on=on)
        return Response(OccupancySerializer({
            "on": report.on, "facilities": [_facility_row(f) for f in report.facilities],
            "national": _national_row(report.national),
            "facilities_without_capacity": report.national.facilities_without_capacity,
        }).data)


class OccupancySeriesView(APIView):
    @extend_schema(
        summary="People held, occupancy and unsentenced share of one facility at the end of each month",
        parameters=[OpenApiParameter("months", int, description=f"How many months, 1-{selectors.MAX_MONTHS} (default 12)."),
                    OpenApiParameter("pk", int, OpenApiParameter.PATH, description="The facility (organisation id).")],
        responses=SeriesSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        months = months_param(request)
        facility = facility_or_404(request, pk)
        points = selectors.occupancy_series(user=request.user, facility=facility, months=months)
        return Response(SeriesSerializer({"facility": facility.pk, "months": months, "points": [
            {"on": p.on, "held": p.held, "unsentenced": p.unsentenced, "capacity": p.capacity,
             "occupancy_pct": round2(p.occupancy_pct), "unsentenced_pct": round2(p.unsentenced_pct)}
            for p in points]}).data)
