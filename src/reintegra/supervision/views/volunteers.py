"""The professional officer's volunteer pages: the volunteers of my offices (caseload, places,
training, last meeting), a volunteer's profile with its training records, and their writes
(create, change with the version the page was drawn from, deactivate with a reason, reactivate,
add and void training). ``volunteer.manage`` for all of them; other offices' volunteers are 404."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.policy import Action
from reintegra.supervision.selectors import volunteers as selectors
from reintegra.supervision.services import volunteer_profiles as services
from reintegra.supervision.views.volunteer_forms import ProfileForm, ReasonForm, TrainingForm

PAGE_SIZE = 25


def form_page(request: HttpRequest, form: Form, *, title: str, back_url: str, intro: str = "", button: str = "",
              status: int = 200, danger: bool = False) -> HttpResponse:
    return render(request, "supervision/volunteers/form.html", {
        "form": form, "title": title, "back_url": back_url, "intro": intro, "button": button, "danger": danger,
    }, status=status)


def submit(request: HttpRequest, form: Any, call: Callable[[dict[str, Any]], Any], *, done: str, to: str,
           title: str, intro: str = "", button: str = "", danger: bool = False,
           then: Callable[[Any], str] | None = None) -> HttpResponse:
    """GET draws the form; a valid POST calls the service and goes to ``to`` (or ``then(result)``)
    with ``done``; what the service refuses (a stale version too) comes back on the form with
    nothing changed."""
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, done)
                return redirect(then(result) if then else to)
        return form_page(request, form, title=title, back_url=to, intro=intro, button=button, status=400,
                         danger=danger)
    return form_page(request, form, title=title, back_url=to, intro=intro, button=button, danger=danger)


def profile_url(profile: Any) -> str:
    return reverse("supervision:volunteer-detail", args=[profile.pk])


def _name(profile: Any) -> str:
    return profile.user.get_full_name() or profile.user.get_username()


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_list(request: HttpRequest) -> HttpResponse:
    """The volunteers my offices oversee: how many people each supports against their limit,
    their training and their last meeting; inactive ones after a switch."""
    show_inactive = request.GET.get("inactive") == "1"
    rows = selectors.volunteer_profile_list(user=request.user, active_only=not show_inactive)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for profile in page.object_list:
        profile.training = selectors.training_status(profile)
        profile.places_left = max(profile.max_people - profile.open_count, 0)
    return render(request, "supervision/volunteers/list.html", {
        "page": page, "inactive": show_inactive,
        "to_review": selectors.volunteer_review_queue(user=request.user).count(),
    })


@require_http_methods(["GET"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    assignments = selectors.volunteer_assignment_list(user=request.user).filter(volunteer_id=profile.user_id)
    return render(request, "supervision/volunteers/detail.html", {
        "profile": profile, "name": _name(profile), "training": selectors.training_status(profile),
        "trainings": selectors.volunteer_training_list(profile=profile, include_voided=True),
        "assignments": assignments, "hidden_count": profile.open_count - len(assignments),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_create(request: HttpRequest) -> HttpResponse:
    offices = selectors.volunteer_office_choices(user=request.user)
    form = ProfileForm(request.POST or None, offices=offices, volunteers=selectors.volunteer_user_choices(
        user=request.user), initial={"office": offices.first(), "max_people": 3})
    return submit(request, form, lambda data: services.volunteer_profile_create(
        actor=request.user, volunteer=data["volunteer"], office=data["office"], area=data["area"],
        languages=data["languages"], gender=data["gender"], max_people=data["max_people"], notes=data["notes"]),
        done=_("Profile created. Add the volunteer's training so they can be matched."),
        to=reverse("supervision:volunteer-list"), then=profile_url, title=_("New volunteer profile"),
        intro=_("The volunteer must already have a log-in with the volunteer role at your office."))


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    form = ProfileForm(request.POST or None, offices=selectors.volunteer_office_choices(user=request.user), initial={
        "office": profile.office_id, "area": profile.area, "languages": ", ".join(profile.languages or []),
        "gender": profile.gender, "max_people": profile.max_people, "notes": profile.notes,
        "version": profile.version})
    return submit(request, form, lambda data: services.volunteer_profile_update(
        actor=request.user, profile=profile, expected_version=data["version"] or 0, reason=data["reason"],
        **{name: data[name] for name in services.EDITABLE}),
        done=_("Profile saved."), to=profile_url(profile), title=_("Profile of %(name)s") % {"name": _name(profile)})


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page: the volunteer leaves matching (kept, with the reason in the history)."""
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST or None, initial={"version": profile.version})
    return submit(request, form, lambda data: services.volunteer_profile_deactivate(
        actor=request.user, profile=profile, expected_version=data["version"] or 0, reason=data["reason"]),
        done=_("The volunteer is no longer active."), to=profile_url(profile), danger=True,
        title=_("Deactivate %(name)s") % {"name": _name(profile)}, button=_("Deactivate"),
        intro=_("They will no longer be suggested for anyone. Their profile, training and notes are kept."))


@require_http_methods(["POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def volunteer_activate(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.volunteer_profile_activate(actor=request.user, profile=profile,
                                            expected_version=form.cleaned_data.get("version") or 0)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The volunteer is active again."))
    return redirect(profile_url(profile))


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    form = TrainingForm(request.POST or None)
    return submit(request, form, lambda data: services.volunteer_training_add(
        actor=request.user, profile=profile, course=data["course"], completed_on=data["completed_on"],
        expires_on=data["expires_on"]),
        done=_("Training recorded."), to=profile_url(profile),
        title=_("Training of %(name)s") % {"name": _name(profile)})


@require_http_methods(["GET", "POST"])
@action_required(Action.VOLUNTEER_MANAGE)
def training_void(request: HttpRequest, pk: int, training_pk: int) -> HttpResponse:
    profile = selectors.volunteer_profile_get(user=request.user, pk=pk)
    training = selectors.volunteer_training_list(profile=profile).get(pk=training_pk)
    form = ReasonForm(request.POST or None)
    return submit(request, form, lambda data: services.volunteer_training_void(
        actor=request.user, profile=profile, training=training, reason=data["reason"]),
        done=_("Training record voided."), to=profile_url(profile), danger=True, button=_("Void the record"),
        title=_("Void the training %(course)s") % {"course": training.course},
        intro=_("Use this for a record entered by mistake. It stays in the history, marked void."))
