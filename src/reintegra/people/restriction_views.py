"""The restriction page of a person: restrict the record, manage its access list, lift it.

For users with ``restricted.manage`` who see the full record. Each POST names one action, parses
its form, calls one service and comes back here.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.policy import Action, Level, allowed
from reintegra.people import restriction_selectors, selectors, services
from reintegra.people.restriction_forms import AccessGrantForm, AccessRevokeForm, RestrictForm, UnrestrictForm

_FORMS: dict[str, type[forms.Form]] = {
    "restrict": RestrictForm, "unrestrict": UnrestrictForm, "grant": AccessGrantForm, "revoke": AccessRevokeForm,
}


def _apply(form: forms.Form, exc: ValidationError) -> None:
    for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
def restriction(request: HttpRequest, pk: int) -> HttpResponse:
    if not (allowed(request.user, Action.RESTRICTED_MANAGE) and allowed(request.user, Action.PERSON_VIEW)):
        raise PermissionDenied
    person = selectors.person_get(user=request.user, pk=pk, level=Level.FULL)
    restrictions = list(restriction_selectors.restriction_list(user=request.user, person=person))
    live = restrictions[0] if restrictions and restrictions[0].live else None
    action = request.POST.get("action", "")
    bound = {name: cls(request.POST if action == name else None) for name, cls in _FORMS.items()}
    if request.method == "POST":
        form = bound.get(action)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "restrict":
                    services.person_restrict(person=person, actor=request.user, reason=data["reason"])
                elif action == "unrestrict":
                    services.person_unrestrict(person=person, actor=request.user, reason=data["reason"])
                elif live is None:
                    raise ValidationError(_("This record is not restricted."))
                elif action == "grant":
                    user = restriction_selectors.active_user_get(username=data["username"].strip())
                    services.restriction_access_grant(restriction=live, user=user, actor=request.user)
                else:
                    entry = next((e for e in live.entries if e.user_id == data["user"] and e.revoked_at is None), None)
                    if entry is None:
                        raise ValidationError(_("This user is not on the access list."))
                    services.restriction_access_revoke(restriction=live, user=entry.user, actor=request.user)
            except ObjectDoesNotExist:
                form.add_error("username", _("There is no active user with that username."))
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("The restriction was updated."))
                return redirect("people:restriction", pk=person.pk)
    return render(request, "people/restriction.html", {
        "person": person, "live": live, "past": [r for r in restrictions if not r.live], **bound,
    })


def restriction_panel_context(request: HttpRequest, person: object, access: object) -> dict[str, object] | None:
    """The person-page panel linking to this page, for managers who see the full record."""
    if not (allowed(request.user, Action.RESTRICTED_MANAGE) and getattr(access, "full", False)):
        return None
    return {"restricted": restriction_selectors.restriction_is_live(person=person)}
