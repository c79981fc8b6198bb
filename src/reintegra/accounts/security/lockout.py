"""Lock an account after repeated failed log-ins, and alert the administrators."""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reintegra.accounts.models import LoginThrottle, User
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record

logger = logging.getLogger(__name__)


def _max_failures() -> int:
    return int(getattr(settings, "REINTEGRA_LOGIN_MAX_FAILURES", 5))


def _lock_minutes() -> int:
    return int(getattr(settings, "REINTEGRA_LOGIN_LOCK_MINUTES", 15))


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(*, username: str) -> dt.datetime | None:
    """When the lock on ``username`` ends, or None if it may log in now."""
    locked_until = LoginThrottle.objects.filter(username=_key(username)).values_list("locked_until", flat=True).first()
    if locked_until and locked_until > timezone.now():
        return locked_until
    return None


@transaction.atomic
def login_failure_record(*, username: str, source_ip: str | None) -> LoginThrottle:
    """Count a failed log-in; lock the account and alert administrators when the limit is reached."""
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=_key(username))
    now = timezone.now()
    window_start = now - dt.timedelta(minutes=_lock_minutes())
    if throttle.last_failure_at and throttle.last_failure_at < window_start:
        throttle.failures = 0  # old failures expire with the lock window
    throttle.failures += 1
    throttle.last_failure_at = now
    user = User.objects.filter(username__iexact=throttle.username).first()
    newly_locked = throttle.failures >= _max_failures() and not (throttle.locked_until and throttle.locked_until > now)
    if newly_locked:
        throttle.locked_until = now + dt.timedelta(minutes=_lock_minutes())
    throttle.save()
    audit_record(
        actor=user, action=AuditAction.LOGIN_FAILED, object_type="user", object_id=user.pk if user else "",
        source_ip=source_ip, detail={"failures": throttle.failures, "locked": bool(newly_locked)},
    )
    if newly_locked:
        # Ids only: the log and the alert name no person.
        logger.warning("account locked after %s failed log-ins (user id %s)", throttle.failures, user.pk if user else "-")
        transaction.on_commit(lambda: mail_admins(
            "Reintegra: account locked",
            f"An account (user id {user.pk if user else 'unknown'}) was locked after {throttle.failures} "
            f"failed log-ins. Check the audit log for the source addresses.",
            fail_silently=True,
        ))
    return throttle


@transaction.atomic
def login_success_record(*, user: User, source_ip: str | None) -> None:
    """Clear the failure count and audit the log-in."""
    LoginThrottle.objects.filter(username=_key(user.get_username())).update(failures=0, locked_until=None)
    audit_record(actor=user, action=AuditAction.LOGIN, object_type="user", object_id=user.pk, source_ip=source_ip)
