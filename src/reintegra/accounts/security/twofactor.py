"""Two-factor authentication with an authenticator app (TOTP)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import TotpDevice, User
from reintegra.accounts.security import totp


@transaction.atomic
def totp_device_start(*, user: User) -> TotpDevice:
    """Give the user a new, unconfirmed secret (replacing an unconfirmed one)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device and device.confirmed_at:
        raise ValidationError(_("Two-factor authentication is already set up for this account."))
    if device is None:
        device = TotpDevice(user=user)
    device.secret = totp.new_secret()
    device.last_step = 0
    device.save()
    return device


@transaction.atomic
def totp_verify(*, user: User, code: str, now: float | None = None) -> TotpDevice:
    """Check a code from the user's app; confirms a new device on first success. Refuses reused codes."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise ValidationError({"code": _("Set up two-factor authentication first.")})
    step = totp.matching_step(device.secret, code, now=now)
    if step is None:
        raise ValidationError({"code": _("That code is not correct. Enter the 6 digits your app shows now.")})
    if step <= device.last_step:
        raise ValidationError({"code": _("That code was already used. Wait for the next one.")})
    device.last_step = step
    if device.confirmed_at is None:
        device.confirmed_at = timezone.now()
    device.save(update_fields=["last_step", "confirmed_at", "updated_at"])
    return device
