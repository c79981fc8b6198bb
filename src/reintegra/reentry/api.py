"""The release-preparation API (``/api/release/``): the countdown worklist and the pending
handovers, a record with its pathways, checklist, handover and notifications, and the writes
(pathway status and needs, actions, evidence, the checklist, acknowledging the handover).

As in the case-plans API: the right is checked before the body is read (403), a record the user
may not see is 404, service errors are 400 with field errors and a stale ``version`` 409. Reads of
a record are audited as reads of the person's record (``?purpose=`` outside one's own caseload)."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reintegra.accounts.models import Organisation, User
from reintegra.accounts.policy import Action, require
from reintegra.people import access_log
from reintegra.reentry import selectors, services
from reintegra.reentry.models import PathwayAction, PathwayRecord, ReleasePreparation
from reintegra.reentry.serializers import (
    PreparationSerializer, ReleaseActionAddSerializer, ReleaseActionSerializer, ReleaseActionUpdateSerializer,
    ReleaseChecklistBodySerializer, ReleaseChecklistItemSerializer, ReleaseCountdownRowSerializer,
    ReleaseEvidenceAddSerializer, ReleaseEvidenceSerializer, ReleaseHandoverSerializer, ReleasePathwayBodySerializer,
    ReleasePathwaySerializer, ReleasePendingHandoverSerializer,
)

OBJECT_TYPE = "reentry.releasepreparation"
PURPOSE = OpenApiParameter(
    "purpose", str, description="Why you are reading the record: required for people outside your own caseload.")
PATHWAY_PK = OpenApiParameter("pathway_pk", int, OpenApiParameter.PATH, description="A pathway of the record.")
RELEASE_ACTION_PK = OpenApiParameter("release_action_pk", int, OpenApiParameter.PATH,
                                     description="An action of the record.")
ITEM_PK = OpenApiParameter("item_pk", int, OpenApiParameter.PATH, description="A checklist item of the record.")
VIEWS = ("countdown", "handovers")


def _parsed(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, partial=False)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _found(model: type, pk: Any, field: str, message: str, **filters: Any) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **filters).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _owners(data: dict[str, Any]) -> dict[str, Any]:
    """``owner_user`` and ``owner_organisation`` ids (when sent) loaded, or a field error."""
    if "owner_user" in data:
        data["owner_user"] = _found(User, data["owner_user"], "owner_user", _("No such member of staff."),
                                    is_active=True)
    if "owner_organisation" in data:
        data["owner_organisation"] = _found(Organisation, data["owner_organisation"], "owner_organisation",
                                            _("No such organisation."), active=True)
    return data


@extend_schema_view(
    list=extend_schema(
        summary="The countdown worklist (people whose earliest release date is near) or your pending handovers",
        parameters=[OpenApiParameter("view", str, enum=list(VIEWS)),
                    OpenApiParameter("q", str, description="Search in the person's name.")],
        responses=ReleaseCountdownRowSerializer(many=True)),
    retrieve=extend_schema(summary="A record with its pathways, checklist, handover and notifications",
                           parameters=[PURPOSE], responses=PreparationSerializer),
)
class PreparationViewSet(viewsets.GenericViewSet):
    serializer_class = PreparationSerializer
    queryset = ReleasePreparation.objects.none()  # always loaded through the selectors
    lookup_value_regex = r"\d+"

    def _record(self, pk: Any) -> ReleasePreparation:
        preparation = selectors.preparation_get(user=self.request.user, pk=int(pk)) if str(pk).isdigit() else None
        if preparation is None:
            raise NotFound()
        return preparation

    def _write(self, pk: str) -> ReleasePreparation:
        require(self.request.user, Action.RELEASE_EDIT)  # before reading the body: no right, no validation
        return self._record(pk)

    def _pathway(self, preparation: ReleasePreparation, pk: Any) -> PathwayRecord:
        found = preparation.pathways.filter(pk=pk).first()
        if found is None:
            raise NotFound()
        found.preparation = preparation
        return found

    def list(self, request: Request) -> Response:
        require(request.user, Action.RELEASE_VIEW)
        view = request.query_params.get("view", "countdown")
        if view not in VIEWS:
            raise ValidationError({"view": [_("Choose one of: %(views)s.") % {"views": ", ".join(VIEWS)}]})
        if view == "handovers":
            page = self.paginate_queryset(selectors.handovers_pending(user=request.user))
            return self.get_paginated_response(ReleasePendingHandoverSerializer(page, many=True).data)
        rows = selectors.countdown_rows(user=request.user, search=request.query_params.get("q", ""))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReleaseCountdownRowSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        require(request.user, Action.RELEASE_VIEW)
        preparation = self._record(pk)
        contents = selectors.preparation_contents(preparation=preparation)
        data = PreparationSerializer(preparation, context={"contents": contents}).data
        access_log.api_read(request, preparation.person, fields=["release-preparation"], object_type=OBJECT_TYPE,
                            object_id=preparation.pk)
        return Response(data)

    @extend_schema(summary="Set a pathway's status and needs", parameters=[PATHWAY_PK],
                   request=ReleasePathwayBodySerializer, responses=ReleasePathwaySerializer)
    @action(detail=True, methods=["patch"], url_path=r"pathways/(?P<pathway_pk>\d+)")
    def pathway(self, request: Request, pk: str, pathway_pk: str) -> Response:
        pathway = self._pathway(self._write(pk), pathway_pk)
        data = _parsed(ReleasePathwayBodySerializer, request)
        pathway = services.pathway_update(actor=request.user, pathway=pathway, status=data["status"],
                                          needs=data["needs"], expected_version=data["version"])
        return Response(ReleasePathwaySerializer(pathway).data)

    @extend_schema(summary="Add an action to a pathway (it needs an owner and a due date)", parameters=[PATHWAY_PK],
                   request=ReleaseActionAddSerializer, responses={201: ReleaseActionSerializer})
    @action(detail=True, methods=["post"], url_path=r"pathways/(?P<pathway_pk>\d+)/actions")
    def action_add(self, request: Request, pk: str, pathway_pk: str) -> Response:
        pathway = self._pathway(self._write(pk), pathway_pk)
        data = _owners(_parsed(ReleaseActionAddSerializer, request))
        added = services.pathway_action_add(actor=request.user, pathway=pathway, **data)
        return Response(ReleaseActionSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change an action (only the fields sent)", parameters=[RELEASE_ACTION_PK],
                   request=ReleaseActionUpdateSerializer, responses=ReleaseActionSerializer)
    @action(detail=True, methods=["patch"], url_path=r"actions/(?P<release_action_pk>\d+)")
    def action_update(self, request: Request, pk: str, release_action_pk: str) -> Response:
        preparation = self._write(pk)
        found = PathwayAction.objects.select_related("pathway").filter(
            pk=release_action_pk, pathway__preparation=preparation).first()
        if found is None:
            raise NotFound()
        found.pathway.preparation = preparation
        serializer = ReleaseActionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _owners(dict(serializer.validated_data))
        version = data.pop("version")
        found = services.pathway_action_update(actor=request.user, action=found, expected_version=version, **data)
        return Response(ReleaseActionSerializer(found).data)

    @extend_schema(summary="Record evidence on a pathway", parameters=[PATHWAY_PK],
                   request=ReleaseEvidenceAddSerializer, responses={201: ReleaseEvidenceSerializer})
    @action(detail=True, methods=["post"], url_path=r"pathways/(?P<pathway_pk>\d+)/evidence")
    def evidence(self, request: Request, pk: str, pathway_pk: str) -> Response:
        pathway = self._pathway(self._write(pk), pathway_pk)
        data = _parsed(ReleaseEvidenceAddSerializer, request)
        added = services.evidence_add(actor=request.user, pathway=pathway, **data)
        return Response(ReleaseEvidenceSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Complete a checklist item, or waive it with a reason", parameters=[ITEM_PK],
                   request=ReleaseChecklistBodySerializer, responses=ReleaseChecklistItemSerializer)
    @action(detail=True, methods=["post"], url_path=r"checklist/(?P<item_pk>\d+)")
    def checklist(self, request: Request, pk: str, item_pk: str) -> Response:
        preparation = self._write(pk)
        item = preparation.checklist.filter(pk=item_pk).first()
        if item is None:
            raise NotFound()
        item.preparation = preparation
        data = _parsed(ReleaseChecklistBodySerializer, request)
        if data["decision"] == "waive":
            item = services.checklist_waive(actor=request.user, item=item, reason=data["reason"],
                                            expected_version=data["version"])
        else:
            item = services.checklist_complete(actor=request.user, item=item, expected_version=data["version"])
        return Response(ReleaseChecklistItemSerializer(item).data)

    @extend_schema(summary="Acknowledge the release handover (only the community officer named on it)",
                   request=None, responses=ReleaseHandoverSerializer)
    @action(detail=True, methods=["post"], url_path="handover/acknowledge")
    def acknowledge(self, request: Request, pk: str) -> Response:
        preparation = self._write(pk)
        handover = services.release_handover_acknowledge(actor=request.user, preparation=preparation)
        return Response(ReleaseHandoverSerializer(handover).data)
