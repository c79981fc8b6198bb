"""Login is required for every page; the API authenticates on its own (token or session)."""
from __future__ import annotations

from typing import Any, Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.defaults import permission_denied

from reintegra.core.errors import AccessDenied


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required middleware, leaving ``/api/`` to DRF so tokens get a 401, not a redirect."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# Called with (request, response) for every refused request (HTTP 403, page or API). Apps above core
# add a listener in their AppConfig.ready() (the audit app logs each refusal) without core importing them.
DENIED_LISTENERS: list[Callable[[HttpRequest, HttpResponse], None]] = []


class AccessDeniedMiddleware:
    """A service or selector that raises ``AccessDenied`` in a page view gives the 403 page, not a 500.

    (The API has its own translation to HTTP 403 in ``core.api.exception_handler``.) Every 403 that
    passes through here, whatever raised it, is handed to the ``DENIED_LISTENERS``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            for listener in DENIED_LISTENERS:
                listener(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AccessDenied):
            return permission_denied(request, PermissionDenied(str(exception)))
        return None
