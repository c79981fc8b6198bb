"""Pages of the programme catalogue, cohorts, enrolment and the labour-market import: each parses
a form, calls one service or selector, renders."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from reintegra.accounts.policy import Action, allowed, require
from reintegra.audit.web import log_denied_request
from reintegra.core.errors import AccessDenied
from reintegra.programmes import bands, forms, selectors, services
from reintegra.programmes.choices import Band, DeliverySetting, Need, ProgrammeType
from reintegra.programmes.models import Cohort, Programme

View = Callable[..., HttpResponse]


def _refused(view: View) -> View:
    """Turn the policy's refusals into responses: no right 403; a person or enrolment outside the
    user's scope 404 (existence is not revealed), logged as a refused request like a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except selectors.NotInScope:
            log_denied_request(request, None)
            raise Http404 from None
        except AccessDenied:
            raise PermissionDenied from None
        except (Programme.DoesNotExist, Cohort.DoesNotExist):
            raise Http404 from None

    return wrapper


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _submit(request: HttpRequest, form: Form, call: Callable[[dict[str, Any]], Any], done: str,
            to: str | Callable[[Any], str]) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(to(result) if callable(to) else to)
    return None


def _form_page(request: HttpRequest, form: Form, call: Callable[[dict[str, Any]], Any], done: str,
               to: str | Callable[[Any], str], *, title: str, back_url: str, **extra: Any) -> HttpResponse:
    """A form page (``form_page.html``) whose valid POST calls one service: a redirect to ``to`` with
    ``done`` when it succeeds, the form with the service's errors when it refuses."""
    return _submit(request, form, call, done, to) or render(request, "form_page.html", {
        "form": form, "title": title, "back_url": back_url, **extra})


def _cohort_title(text: str, cohort: Cohort) -> str:
    return text % {"programme": cohort.programme.name, "date": date_format(cohort.starts_on, "DATE_FORMAT")}


def _programme_url(pk: int) -> str:
    return reverse("programmes:detail", args=[pk])


_YES_NO = {"yes": True, "no": False}


@_refused
def programme_list(request: HttpRequest) -> HttpResponse:
    """The catalogue (reference data: anyone signed in), with search and filters, and the labour
    demand for each vocational trade next to it."""
    params = request.GET
    allowed_values = {"type": ProgrammeType.values, "need": Need.values, "band": Band.values,
                      "delivery": DeliverySetting.values, "trauma_informed": _YES_NO, "gender_responsive": _YES_NO}
    chosen = {key: params.get(key, "") if params.get(key) in values else "" for key, values in allowed_values.items()}
    search = params.get("q", "").strip()
    programmes = selectors.programme_list(
        search=search, type=chosen["type"], need=chosen["need"], band=chosen["band"], delivery=chosen["delivery"],
        trauma_informed=_YES_NO.get(chosen["trauma_informed"]),
        gender_responsive=_YES_NO.get(chosen["gender_responsive"]))
    page = Paginator(programmes, 25).get_page(params.get("page"))
    trades = [p.trade for p in page.object_list if p.type in selectors.TRADE_TYPES and p.trade]
    demand = selectors.labour_demand_for(trades=trades)
    rows = [(programme, demand.get(programme.trade.strip().lower(), []) if programme.trade else [])
            for programme in page.object_list]
    return render(request, "programmes/programme_list.html", {
        "page": page, "rows": rows, "q": search, **chosen,
        "query": urlencode({key: value for key, value in {"q": search, **chosen}.items() if value}),
        "types": ProgrammeType.choices, "needs": Need.choices, "bands": Band.choices,
        "deliveries": DeliverySetting.choices, "can_manage": allowed(request.user, Action.PROGRAMME_MANAGE),
        "trade_types": selectors.TRADE_TYPES,
    })


@_refused
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One programme with its cohorts (20 a page, the current and coming ones first) and, for staff
    who enrol, each cohort's waiting list and enrolments of people in their scope."""
    programme = selectors.programme_get(pk=pk)
    today = timezone.localdate()
    past = request.GET.get("cohorts") == "past"
    cohorts_all = selectors.cohort_list(programme=programme)
    cohorts_all = (cohorts_all.filter(ends_on__lt=today).order_by("-starts_on", "-id") if past
                   else cohorts_all.filter(ends_on__gte=today))
    page = Paginator(cohorts_all, 20).get_page(request.GET.get("page"))
    cohorts = list(page.object_list)
    can_enrol = allowed(request.user, Action.ENROLMENT_EDIT) or allowed(request.user, Action.PROGRAMME_MANAGE)
    enrolments: dict[int, list[Any]] = {cohort.pk: [] for cohort in cohorts}
    if can_enrol and cohorts:
        for enrolment in selectors.enrolment_list(user=request.user).filter(
                cohort__in=cohorts).order_by("status", "-priority", "requested_on", "id"):
            enrolments[enrolment.cohort_id].append(enrolment)
    demand = selectors.labour_demand_for(trades=[programme.trade]).get(programme.trade.strip().lower(), []) \
        if programme.trade else []
    return render(request, "programmes/programme_detail.html", {
        "programme": programme, "cohorts": [(cohort, enrolments[cohort.pk]) for cohort in cohorts],
        "page": page, "past": past, "query": "cohorts=past" if past else "",
        "can_enrol": can_enrol, "can_manage": allowed(request.user, Action.PROGRAMME_MANAGE), "demand": demand,
        "needs": [Need(code).label for code in programme.targeted_needs if code in Need.values],
        "bands": [Band(code).label for code in programme.risk_bands if code in Band.values],
    })


@_refused
def programme_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PROGRAMME_MANAGE)
    form = forms.ProgrammeForm(request.POST or None, organisations=selectors.venue_choices())
    return _form_page(request, form, lambda data: services.programme_create(actor=request.user, **data),
                      _("Programme added to the catalogue."), lambda programme: _programme_url(programme.pk),
                      title=_("New programme"), back_url=reverse("programmes:list"))


@_refused
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a programme (refused with a clear message when someone else saved it meanwhile)."""
    require(request.user, Action.PROGRAMME_MANAGE)
    programme = selectors.programme_get(pk=pk)
    form = forms.ProgrammeEditForm(request.POST or None, organisations=selectors.venue_choices(),
                                   initial=forms.ProgrammeEditForm.initial_from(programme))

    def call(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.programme_update(actor=request.user, programme=programme, expected_version=version, **data)

    return _form_page(request, form, call, _("Programme changed."), _programme_url(programme.pk),
                      title=_("Change %(programme)s") % {"programme": programme.name},
                      back_url=_programme_url(programme.pk))


@_refused
def programme_void(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a programme from the catalogue (its cohorts are cancelled with it), with a reason;
    refused while anyone is waiting for or enrolled on it."""
    require(request.user, Action.PROGRAMME_MANAGE)
    programme = selectors.programme_get(pk=pk)
    form = forms.VoidForm(request.POST or None, initial={"version": programme.version})
    form.fields["reason"].help_text = _(
        "Withdrawing takes %(programme)s out of the catalogue and cancels its cohorts. It is refused while "
        "anyone is waiting for or enrolled on it. The record is kept.") % {"programme": programme.name}
    return _form_page(request, form, lambda data: services.programme_void(
        actor=request.user, programme=programme, expected_version=data["version"], reason=data["reason"],
    ), _("Programme withdrawn from the catalogue."), reverse("programmes:list"),
        title=_("Withdraw %(programme)s") % {"programme": programme.name}, back_url=_programme_url(programme.pk))


@_refused
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROGRAMME_MANAGE)
    programme = selectors.programme_get(pk=pk)
    form = forms.CohortForm(request.POST or None)
    return _form_page(request, form, lambda data: services.cohort_create(
        actor=request.user, programme=programme, **data), _("Cohort added."), _programme_url(programme.pk),
        title=_("New cohort of %(programme)s") % {"programme": programme.name}, back_url=_programme_url(programme.pk))


@_refused
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROGRAMME_MANAGE)
    cohort = selectors.cohort_get(pk=pk)
    form = forms.CohortEditForm(request.POST or None, initial=forms.CohortEditForm.initial_from(cohort))

    def call(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.cohort_update(actor=request.user, cohort=cohort, expected_version=version, **data)

    back = _programme_url(cohort.programme_id)
    return _form_page(request, form, call, _("Cohort changed."), back, back_url=back,
                      title=_cohort_title(_("Change the cohort of %(programme)s starting %(date)s"), cohort))


@_refused
def cohort_void(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.PROGRAMME_MANAGE)
    cohort = selectors.cohort_get(pk=pk)
    form = forms.VoidForm(request.POST or None, initial={"version": cohort.version})
    form.fields["reason"].help_text = _(
        "Cancelling is refused while anyone is waiting for or enrolled on the cohort. The record is kept.")
    back = _programme_url(cohort.programme_id)
    return _form_page(request, form, lambda data: services.cohort_void(
        actor=request.user, cohort=cohort, expected_version=data["version"], reason=data["reason"],
    ), _("Cohort cancelled."), back, back_url=back,
        title=_cohort_title(_("Cancel the cohort of %(programme)s starting %(date)s"), cohort))


@_refused
def enrolment_request(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Put a person in the user's scope on a cohort's waiting list. The risk band is read from the
    person's latest assessment (``programmes.bands``) and shown, not typed."""
    person = selectors.person_for_enrolment(user=request.user, pk=person_pk)
    band = bands.band_of(person)
    cohorts = selectors.cohort_list(on=timezone.localdate())
    form = forms.EnrolmentRequestForm(request.POST or None, cohorts=cohorts, band=band)
    return _form_page(request, form, lambda data: services.enrolment_request(
        person=person, cohort=data["cohort"], actor=request.user, band=band,
    ), _("Put on the waiting list."), lambda enrolment: _programme_url(enrolment.cohort.programme_id),
        title=_("Put on a programme waiting list"), back_url=reverse("people:detail", args=[person.pk]), person=person)


def _enrolment_form(request: HttpRequest, pk: int, form_class: type[Form], title: str, done: str,
                    call: Callable[[Any, dict[str, Any]], Any], versioned: bool = True) -> HttpResponse:
    require(request.user, Action.ENROLMENT_EDIT)
    enrolment = selectors.enrolment_get(user=request.user, pk=pk)
    initial = {"version": enrolment.version} if versioned else {}
    form = form_class(request.POST or None, initial=initial)
    back = _programme_url(enrolment.cohort.programme_id)
    return _form_page(request, form, lambda data: call(enrolment, data), done, back, back_url=back,
                      title=title % {"programme": enrolment.cohort.programme.name})


@_refused
def enrolment_admit(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form(request, pk, forms.AdmitForm, _("Enrol on %(programme)s"), _("Enrolled."),
                           lambda enrolment, data: services.enrolment_admit(
                               enrolment=enrolment, actor=request.user, expected_version=data["version"],
                               on=data["on"], band=bands.band_of(enrolment.person) or None))


@_refused
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form(request, pk, forms.AttendanceForm, _("Attendance at %(programme)s"),
                           _("Attendance recorded."), lambda enrolment, data: services.attendance_record(
                               enrolment=enrolment, actor=request.user, session_on=data["session_on"],
                               attended=data["attended"], note=data["note"]), versioned=False)


@_refused
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form(request, pk, forms.CompleteForm, _("Completion of %(programme)s"),
                           _("Completion recorded."), lambda enrolment, data: services.enrolment_complete(
                               enrolment=enrolment, actor=request.user, expected_version=data["version"],
                               on=data["on"]))


@_refused
def enrolment_drop(request: HttpRequest, pk: int) -> HttpResponse:
    return _enrolment_form(request, pk, forms.DropForm, _("Dropping out of %(programme)s"),
                           _("Dropout recorded."), lambda enrolment, data: services.enrolment_drop(
                               enrolment=enrolment, actor=request.user, expected_version=data["version"],
                               on=data["on"], reason=data["reason"]))


@_refused
def labour_demand_import(request: HttpRequest) -> HttpResponse:
    """Upload a labour-market CSV: a file with bad rows is shown with every error and nothing is
    imported; a good one is imported whole."""
    require(request.user, Action.PROGRAMME_MANAGE)
    form = forms.LabourDemandImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["csv_file"]
        try:
            created = services.labour_demand_import(csv_file=upload, actor=request.user, source_name=upload.name)
        except ValidationError as exc:
            errors = exc.message_dict.get("csv_file", exc.messages)
        else:
            messages.success(request, _("%(n)s rows imported.") % {"n": len(created)})
            return redirect("programmes:labour-demand")
    page = Paginator(selectors.labour_demand_list(), 50).get_page(request.GET.get("page"))
    return render(request, "programmes/labour_demand.html", {"form": form, "errors": errors, "page": page})
