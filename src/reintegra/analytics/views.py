"""Pages: the list of trained models, each model's card, and approving one for use."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.accounts.policy import Action, allowed
from reintegra.analytics.card import model_card
from reintegra.analytics.forms import ActivationForm
from reintegra.analytics.selectors import trained_model_get, trained_model_list
from reintegra.analytics.services import trained_model_activate
from reintegra.core.errors import AccessDenied


def model_list(request: HttpRequest) -> HttpResponse:
    try:
        models = trained_model_list(user=request.user)
    except AccessDenied as exc:
        raise PermissionDenied from exc
    page = Paginator(models, 25).get_page(request.GET.get("page"))
    return render(request, "analytics/model_list.html", {"page_obj": page})


def _detail(request: HttpRequest, pk: int, form: ActivationForm | None = None, status: int = 200) -> HttpResponse:
    try:
        model = trained_model_get(user=request.user, pk=pk)
    except AccessDenied as exc:
        raise PermissionDenied from exc
    card = model_card(model)
    step = max(1, len(model.roc) // 10)
    context = {
        "model": model, "card": card, "charts": True, "roc_sample": model.roc[1::step][:11],
        "can_manage": allowed(request.user, Action.MODEL_MANAGE), "form": form or ActivationForm(),
    }
    return render(request, "analytics/model_detail.html", context, status=status)


def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
def model_activate(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        model = trained_model_get(user=request.user, pk=pk)
    except AccessDenied as exc:
        raise PermissionDenied from exc
    if not allowed(request.user, Action.MODEL_MANAGE):
        raise PermissionDenied
    form = ActivationForm(request.POST)
    if not form.is_valid():
        return _detail(request, pk, form, status=400)
    try:
        trained_model_activate(model=model, actor=request.user, fairness_priority=form.cleaned_data["fairness_priority"],
                               note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail(request, pk, form, status=400)
    messages.success(request, _("The model is now in use for %(purpose)s.") % {"purpose": model.purpose})
    return redirect("analytics:model-detail", pk=pk)
