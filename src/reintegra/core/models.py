"""Base models shared by every app: timestamps, optimistic versioning, voiding, change history."""
from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record whose edits go through ``core.versioning``: each save bumps ``version``.

    An edit carries the version it started from; if the stored version moved on, the edit is stale
    and is refused instead of overwriting someone else's change.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class VoidableModel(models.Model):
    """Case data is never deleted: it is voided with who, when and why, and stays in the history."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class RecordVersion(models.Model):
    """One entry in a record's change history: who changed what, when, why, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        VOID = "void", _("voided")
        MERGE = "merge", _("merged")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=Action.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "version", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "version"])]
        verbose_name = _("record version")

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id} v{self.version} {self.action}"
