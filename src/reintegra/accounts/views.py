"""Account pages: two-factor set-up and check, and the user's API tokens."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.accounts.forms import ApiTokenForm, TotpForm
from reintegra.accounts.middleware import SESSION_KEY
from reintegra.accounts.models import TotpDevice
from reintegra.accounts.security import totp
from reintegra.accounts.security.tokens import api_token_create, api_token_list, api_token_revoke
from reintegra.accounts.security.twofactor import totp_device_start, totp_verify


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _apply_code(request: HttpRequest, form: TotpForm) -> bool:
    if not form.is_valid():
        return False
    try:
        totp_verify(user=request.user, code=form.cleaned_data["code"])
    except ValidationError as error:
        for message in error.message_dict.get("code", error.messages):
            form.add_error("code", message)
        return False
    request.session.cycle_key()
    request.session[SESSION_KEY] = True
    return True


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret to add to an authenticator app, then confirm it with a first code."""
    device = TotpDevice.objects.filter(user=request.user).first()
    if device and device.confirmed_at:
        return redirect("accounts:2fa-verify")
    if device is None or request.method == "GET":
        device = totp_device_start(user=request.user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and _apply_code(request, form):
        messages.success(request, _("Two-factor authentication is set up."))
        return redirect(_next_url(request))
    return render(request, "accounts/2fa_setup.html", {
        "form": form, "secret": device.secret, "next": _next_url(request),
        "uri": totp.provisioning_uri(device.secret, account=request.user.get_username()),
    })


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code after the password."""
    form = TotpForm(request.POST or None)
    if request.method == "POST" and _apply_code(request, form):
        return redirect(_next_url(request))
    return render(request, "accounts/2fa_verify.html", {"form": form, "next": _next_url(request)})


def token_list(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; a new token's key is shown once, right after it is created."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            form = ApiTokenForm()
    return render(request, "accounts/tokens.html", {
        "form": form, "tokens": api_token_list(user=request.user), "new_key": new_key,
    })


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_token_list(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token was revoked. Anything using it is cut off now."))
    return redirect("accounts:tokens")
