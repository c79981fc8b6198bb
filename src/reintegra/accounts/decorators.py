"""View decorators that put a page behind the access policy."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from reintegra.accounts.policy import require
from reintegra.core.errors import AccessDenied

View = Callable[..., HttpResponse]


def action_required(action: Any) -> Callable[[View], View]:
    """403 for users the policy does not allow ``action`` (before anything is read or written),
    and 404 for records the view's selectors cannot find in the user's scope."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                require(request.user, action)
                return view(request, *args, **kwargs)
            except AccessDenied:
                raise PermissionDenied from None
            except ObjectDoesNotExist:
                raise Http404 from None

        return wrapper

    return decorate
