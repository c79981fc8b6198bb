"""API plumbing shared by every app: Django validation errors become HTTP 400 with field errors."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from reintegra.core.errors import AccessDenied, StaleEditError


def validation_error_detail(exc: DjangoValidationError) -> dict[str, Any]:
    """Field errors as ``{"field": ["message", ...]}``; errors not tied to a field go under ``non_field_errors``."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEditError):
        return Response(validation_error_detail(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (AccessDenied, PermissionDenied)):
        return Response({"detail": "You do not have access to this record."}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
