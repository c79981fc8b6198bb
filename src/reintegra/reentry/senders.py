"""How family notifications leave the system: a pluggable sender.

``REINTEGRA_NOTIFICATION_SENDER`` names the sender class (dotted path; default
``reintegra.reentry.senders.FileSender``, which writes one file per message into
``REINTEGRA_NOTIFICATION_DIR`` for a gateway or an officer to pick up). ``ConsoleSender`` prints
messages to standard output (development). A real email or SMS gateway is a subclass of ``Sender``
whose ``send`` raises ``SendError`` when the message could not be delivered. Messages never go to
the logging system: they hold a contact's address and the person's release date.
"""
from __future__ import annotations

import sys
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

SETTING = "REINTEGRA_NOTIFICATION_SENDER"
DEFAULT_SENDER = "reintegra.reentry.senders.FileSender"


class SendError(Exception):
    """The message could not be sent (the notification is recorded as failed)."""


@dataclass(frozen=True)
class Message:
    channel: str  # "email" or "sms"
    to: str  # the email address or phone number
    subject: str
    body: str
    reference: str  # the notification's id, for the gateway's receipts


class Sender(ABC):
    """Sends one message, or raises ``SendError``. A gateway (e-mail, SMS) subclasses it."""

    @abstractmethod
    def send(self, message: Message) -> None:
        """Deliver ``message`` or raise ``SendError``."""


def _text(message: Message) -> str:
    return (f"Channel: {message.channel}\nTo: {message.to}\nReference: {message.reference}\n"
            f"Subject: {message.subject}\n\n{message.body}\n")


class ConsoleSender(Sender):
    """Prints each message to standard output (not to the logs)."""

    def send(self, message: Message) -> None:
        sys.stdout.write(_text(message) + "\n")
        sys.stdout.flush()


class FileSender(Sender):
    """Writes each message to a file of its own in ``REINTEGRA_NOTIFICATION_DIR``."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory or settings.REINTEGRA_NOTIFICATION_DIR)

    def send(self, message: Message) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{message.reference}-{message.channel}-{uuid.uuid4().hex[:8]}.txt"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_text(_text(message), encoding="utf-8")
        except OSError as exc:
            raise SendError(str(exc.strerror or "not written")) from None


def get_sender() -> Sender:
    """An instance of the configured sender; a wrong setting is a configuration error naming it."""
    path = getattr(settings, SETTING, "") or DEFAULT_SENDER
    try:
        found = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"{SETTING}: cannot import {path!r} ({exc}).") from None
    if not (isinstance(found, type) and issubclass(found, Sender)):
        raise ImproperlyConfigured(f"{SETTING}: {path!r} is not a subclass of reintegra.reentry.senders.Sender.")
    return found()
