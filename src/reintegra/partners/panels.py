"""The referrals-and-consent panel of the person page (registered in ``apps.py``)."""
from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from reintegra.accounts.policy import Action, allowed
from reintegra.core.errors import AccessDenied
from reintegra.partners import selectors
from reintegra.people.models import Person


def referrals_context(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """Referrals and consents of the person, for staff who refer or record consent."""
    user = request.user
    can_refer, can_consent = allowed(user, Action.REFERRAL_EDIT), allowed(user, Action.CONSENT_EDIT)
    if not (can_refer or can_consent):
        return None
    try:
        consents = list(selectors.consent_list(user=user, person=person)[:20])
    except AccessDenied:  # the person page may show a summary to users outside the person's scope
        return None
    return {
        "referrals": list(selectors.referral_list(user=user, person=person)[:20]),
        "consents": consents, "can_refer": can_refer, "can_consent": can_consent,
    }
