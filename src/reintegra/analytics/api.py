"""API: trained models and their cards (read-only; activation is a recorded approval in the app)."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reintegra.analytics.card import model_card
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.selectors import trained_model_get, trained_model_list


class TrainedModelSerializer(serializers.ModelSerializer):
    auc = serializers.FloatField(read_only=True, allow_null=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    card_url = serializers.SerializerMethodField()

    class Meta:
        model = TrainedModel
        fields = ["id", "purpose", "version", "family", "source", "target", "features", "group_columns",
                  "explainable", "active", "approved_by", "approved_at", "fairness_priority", "created_at", "auc",
                  "card_url"]

    def get_card_url(self, obj: TrainedModel) -> str:
        request = self.context.get("request")
        path = f"/api/analytics/models/{obj.pk}/card/"
        return request.build_absolute_uri(path) if request else path


class TrainedModelListView(generics.ListAPIView):
    """Every trained model (analytics viewers only)."""

    serializer_class = TrainedModelSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return trained_model_list(user=self.request.user, purpose=self.request.query_params.get("purpose"))


class TrainedModelDetailView(APIView):
    @extend_schema(responses=TrainedModelSerializer)
    def get(self, request: Request, pk: int) -> Response:
        model = trained_model_get(user=request.user, pk=pk)
        return Response(TrainedModelSerializer(model, context={"request": request}).data)


class TrainedModelCardView(APIView):
    """The full model card: data, features, coefficients or points, metrics with intervals,
    calibration, ROC, fairness tables with their explanation, limitations, intended use, and the
    Vega-Lite chart specifications."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        return Response(model_card(trained_model_get(user=request.user, pk=pk)))
