"""Eligibility pages: the flags in the user's scope by rule (supervised people, and people in
custody for prison staff), one period's or custody stay's eligibility with the reasons and what is
missing, the review form (act, defer, decline, with the reason), and the net-widening view."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.accounts.decorators import action_required
from reintegra.accounts.models import Organisation, User
from reintegra.accounts.policy import Action, allowed
from reintegra.people import access_log
from reintegra.people.forms import ServiceErrorsMixin
from reintegra.supervision.choices import EligibilityOutcome, SupervisionLevel
from reintegra.supervision.eligibility import CUSTODY, SUPERVISED, active_rules, rule_get
from reintegra.supervision.eligibility.facts import POPULATION_LABELS
from reintegra.supervision.selectors import eligibility as selectors
from reintegra.supervision.selectors import netwidening
from reintegra.supervision.services.eligibility import eligibility_review_record

PAGE_SIZE = 25
TARGET_URL = {SUPERVISED: "supervision:period-eligibility", CUSTODY: "supervision:episode-eligibility"}
REVIEW_URL = {SUPERVISED: "supervision:period-eligibility-review", CUSTODY: "supervision:episode-eligibility-review"}


class ReviewForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), choices=EligibilityOutcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=gettext_lazy("Why you act on it, defer it or decline it. Kept with the decision."))
    defer_until = forms.DateField(label=gettext_lazy("Defer until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=gettext_lazy("Only when deferring: the flag is hidden until this date."))


def _population(request: HttpRequest, population: str) -> None:
    if not allowed(request.user, selectors.ACTION[population]):
        raise Http404


def _target_or_404(request: HttpRequest, population: str, pk: Any) -> Any:
    get = selectors.period_get if population == SUPERVISED else selectors.episode_get
    target = get(user=request.user, pk=pk)
    if target is None:
        raise Http404
    return target


def _logged(request: HttpRequest, target: Any, draw: Callable[[], HttpResponse], fields: list[str]) -> HttpResponse:
    """One audit entry for a page of the person's record (the purpose asked outside one's caseload)."""
    read = access_log.page_read(request, target.person)
    if isinstance(read, HttpResponse):
        return read
    response = draw()
    read.log(fields=fields, object_type="eligibility", object_id=target.pk)
    return response


def _int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _flags_page(request: HttpRequest, population: str, template: str) -> HttpResponse:
    rules = active_rules(population)
    rule = request.GET.get("rule", "")
    rule = rule if rule in rules else ""
    show_hidden = request.GET.get("show") == "reviewed"
    items = selectors.flag_list(user=request.user, population=population, rule=rule, show_hidden=show_hidden,
                                office_id=_int(request.GET.get("office")), facility_id=_int(request.GET.get("facility")),
                                officer_id=request.user.pk if request.GET.get("mine") else None)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.flag.rule.key] = counts.get(item.flag.rule.key, 0) + 1
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_people(list(page.object_list))
    return render(request, template, {
        "page": page, "rules": [(key, value, counts.get(key, 0)) for key, value in rules.items()], "rule": rule,
        "show_hidden": show_hidden, "population": population, "population_label": POPULATION_LABELS[population],
        "target_url": TARGET_URL[population], "total": len(items), "mine": bool(request.GET.get("mine")),
        "params": urlencode({key: value for key, value in (("rule", rule), ("show", "reviewed" if show_hidden else ""))
                             if value}) + ("&" if rule or show_hidden else ""),
    })


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def flag_list(request: HttpRequest) -> HttpResponse:
    """Eligibility flags of the supervised people in the user's scope, by rule, with the reasons."""
    return _flags_page(request, SUPERVISED, "supervision/eligibility/list.html")


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def custody_flag_list(request: HttpRequest) -> HttpResponse:
    """Parole and conditional-release flags of the people in custody in the user's scope."""
    return _flags_page(request, CUSTODY, "supervision/eligibility/list.html")


def _target_page(request: HttpRequest, population: str, pk: int) -> HttpResponse:
    target = _target_or_404(request, population, pk)
    found = selectors.target_eligibility(population=population, target=target)
    context = {
        "target": target, "person": target.person, "population": population, "found": found,
        "period": target if population == SUPERVISED else None,
        "can_review": allowed(request.user, selectors.EDIT_ACTION[population]), "review_url": REVIEW_URL[population],
    }
    return _logged(request, target, lambda: render(request, "supervision/eligibility/target.html", context),
                   ["eligibility"])


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def period_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Every supervised rule against one period: met or not, why, what is missing, and the reviews."""
    return _target_page(request, SUPERVISED, pk)


@require_http_methods(["GET"])
@action_required(Action.RELEASE_VIEW)
def episode_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """Every custody rule against one sentenced stay."""
    return _target_page(request, CUSTODY, pk)


def _review_page(request: HttpRequest, population: str, pk: int, rule_key: str) -> HttpResponse:
    target = _target_or_404(request, population, pk)
    rule = rule_get(rule_key)
    if rule is None or rule.population != population:
        raise Http404
    back = reverse(TARGET_URL[population], args=[target.pk])
    form = ReviewForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                eligibility_review_record(
                    actor=request.user, rule=rule.key, outcome=data["outcome"], reason=data["reason"],
                    defer_until=data["defer_until"], **{"period" if population == SUPERVISED else "episode": target})
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect(back)
        status = 400
    found = selectors.target_eligibility(population=population, target=target)
    outcome = next((item for item in found.outcomes if item.flag.rule.key == rule.key), None)
    context = {"target": target, "person": target.person, "rule": rule, "form": form, "back_url": back,
               "outcome": outcome, "population": population}
    return _logged(request, target, lambda: render(request, "supervision/eligibility/review.html", context,
                                                   status=status), ["eligibility-review-form"])


@require_http_methods(["GET", "POST"])
@action_required(Action.SUPERVISION_EDIT)
def period_review(request: HttpRequest, pk: int, rule: str) -> HttpResponse:
    return _review_page(request, SUPERVISED, pk, rule)


@require_http_methods(["GET", "POST"])
@action_required(Action.RELEASE_EDIT)
def episode_review(request: HttpRequest, pk: int, rule: str) -> HttpResponse:
    return _review_page(request, CUSTODY, pk, rule)


def scope_filters(request: HttpRequest) -> tuple[int | None, int | None, list[Organisation], list[User]]:
    """``?office=`` and ``?officer=`` (``me`` for oneself), limited to the offices and officers in
    the user's reach; an officer with a caseload sees their own caseload by default."""
    offices = list(Organisation.objects.filter(pk__in=netwidening.reachable_offices(request.user)).order_by("name"))
    officers = list(netwidening.reachable_officers(request.user).order_by("last_name", "first_name", "username"))
    office_id = _int(request.GET.get("office"))
    office_id = office_id if office_id in {o.pk for o in offices} else None
    officer = request.GET.get("officer", "")
    if officer == "" and office_id is None and request.user.pk in {u.pk for u in officers}:
        officer = "me"
    officer_id = request.user.pk if officer == "me" else _int(officer)
    officer_id = officer_id if officer_id in {u.pk for u in officers} else None
    return office_id, officer_id, offices, officers


@require_http_methods(["GET"])
@action_required(Action.SUPERVISION_VIEW)
def net_widening(request: HttpRequest) -> HttpResponse:
    """Supervision level against assessed band for a caseload or an office, and the people
    supervised well above what their band calls for."""
    office_id, officer_id, offices, officers = scope_filters(request)
    table = netwidening.netwidening_table(user=request.user, office_id=office_id, officer_id=officer_id)
    people = Paginator(netwidening.over_supervised(user=request.user, office_id=office_id, officer_id=officer_id),
                       PAGE_SIZE).get_page(request.GET.get("page"))
    bands = netwidening.band_labels()
    levels = {**dict(SupervisionLevel.choices), netwidening.NONE: _("No level set")}
    for period in people.object_list:
        period.band_label, period.level_label = bands.get(period.nw_band or ""), levels.get(period.nw_level or "")
    return render(request, "supervision/eligibility/net_widening.html", {
        "table": table, "people": people, "offices": offices, "officers": officers, "office_id": office_id,
        "officer_id": officer_id, "level_headings": [levels[level] for level in table.levels],
        "rows": [(bands[band], cells, total) for band, cells, total in table.rows],
        "low_over_percent": round(table.over_share * 100) if table.over_share is not None else None,
        "min_for_share": netwidening.MIN_FOR_SHARE,
        "params": f"officer={officer_id or 'all'}&" + (f"office={office_id}&" if office_id else ""),
    })
