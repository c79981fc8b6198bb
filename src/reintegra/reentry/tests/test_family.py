"""Family notification: blocked under a safety restriction or without consent (the reason stored
and shown, nothing sent), sent through the configured sender otherwise; senders write files or
standard output; nothing about the contact reaches the audit entry."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.people.tests.factories import ContactFactory
from reintegra.reentry import services
from reintegra.reentry.senders import ConsoleSender, FileSender, Message, get_sender
from reintegra.reentry.tests.factories import sentenced_world

pytestmark = pytest.mark.django_db
RELEASE_ON = timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def _folder(settings, tmp_path: Path) -> Path:  # noqa: ANN001
    settings.REINTEGRA_NOTIFICATION_DIR = tmp_path
    settings.REINTEGRA_NOTIFICATION_SENDER = "reintegra.reentry.senders.FileSender"
    return tmp_path


def _notify(w, contact, channel="email"):  # noqa: ANN001, ANN202
    return services.family_notify(actor=w.manager, preparation=w.preparation, contact=contact, channel=channel,
                                  release_on=RELEASE_ON)


def test_a_safety_restriction_blocks_the_notification_with_the_reason(tmp_path: Path) -> None:
    w = sentenced_world()
    contact = ContactFactory(person=w.person, email="ex@example.org", safety_restriction=True,
                             restriction_details="Non-contact order")
    contact.may_be_notified = True  # even if consent were on record, the restriction wins
    contact.save(update_fields=["may_be_notified"])
    notification = _notify(w, contact)
    assert (notification.status, notification.reason) == ("blocked", "safety_restriction")
    assert notification.sent_at is None and list(tmp_path.iterdir()) == []


def test_no_consent_blocks_the_notification(tmp_path: Path) -> None:
    w = sentenced_world()
    contact = ContactFactory(person=w.person, email="mum@example.org", may_be_notified=False)
    notification = _notify(w, contact)
    assert (notification.status, notification.reason) == ("blocked", "no_consent")
    assert list(tmp_path.iterdir()) == []


def test_with_consent_the_file_sender_writes_one_file_and_the_audit_holds_ids_only(tmp_path: Path) -> None:
    w = sentenced_world()
    contact = ContactFactory(person=w.person, name="Rosa Quintana", email="rosa@example.org", phone="+34 600 000 001",
                             may_be_notified=True)
    notification = _notify(w, contact)
    assert notification.status == "sent" and notification.sent_at is not None
    [written] = list(tmp_path.iterdir())
    text = written.read_text(encoding="utf-8")
    assert "rosa@example.org" in text and w.person.full_name in text
    entry = AuditEvent.objects.filter(detail__operation="family_notify").get()
    assert "rosa" not in str(entry.detail).lower() and entry.detail["contact_id"] == contact.pk


def test_no_phone_number_blocks_an_sms() -> None:
    w = sentenced_world()
    contact = ContactFactory(person=w.person, email="a@example.org", phone="", may_be_notified=True)
    assert _notify(w, contact, "sms").reason == "no_address"


def test_a_failing_sender_records_a_failed_notification(settings, tmp_path: Path) -> None:  # noqa: ANN001
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.REINTEGRA_NOTIFICATION_DIR = blocker
    w = sentenced_world()
    contact = ContactFactory(person=w.person, email="a@example.org", may_be_notified=True)
    notification = _notify(w, contact)
    assert (notification.status, notification.reason) == ("failed", "send_failed")


def test_the_console_sender_writes_to_standard_output(capsys) -> None:  # noqa: ANN001
    ConsoleSender().send(Message(channel="sms", to="+1", subject="Release date", body="Hello", reference="7"))
    assert "Hello" in capsys.readouterr().out


def test_the_sender_setting_is_checked(settings) -> None:  # noqa: ANN001
    assert isinstance(get_sender(), FileSender)
    settings.REINTEGRA_NOTIFICATION_SENDER = "reintegra.reentry.senders.Message"
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_NOTIFICATION_SENDER"):
        get_sender()
    settings.REINTEGRA_NOTIFICATION_SENDER = "no.such.Sender"
    with pytest.raises(ImproperlyConfigured, match="REINTEGRA_NOTIFICATION_SENDER"):
        get_sender()
