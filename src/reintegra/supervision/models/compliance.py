"""Compliance and positive events, the response recorded to each (with what the graduated-response
matrix proposed), and recall or revocation decisions."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel, VoidableModel
from reintegra.justice.models import SupervisionPeriod
from reintegra.people.models import Person
from reintegra.supervision.choices import EventKind, RecallKind, RecallOutcome, ResponseKind, Severity
from reintegra.supervision.models.levels import Condition


class ComplianceEvent(TimeStampedModel, VoidableModel):
    """Something that happened during supervision: non-compliance (with a severity) or a positive
    event (``positive`` true, no severity)."""

    period = models.ForeignKey(SupervisionPeriod, on_delete=models.PROTECT, related_name="compliance_events")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="compliance_events")
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)
    positive = models.BooleanField(_("positive"), default=False)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices, blank=True)
    occurred_on = models.DateField(_("date"))
    condition = models.ForeignKey(Condition, null=True, blank=True, on_delete=models.PROTECT, related_name="events",
                                  verbose_name=_("condition concerned"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("compliance event")
        indexes = [models.Index(fields=["period", "occurred_on"], name="supervision_event_period")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(positive=True) & models.Q(severity=""))
                | (models.Q(positive=False) & ~models.Q(severity="")),
                name="supervision_event_severity_iff_negative",
            ),
        ]


class EventResponse(TimeStampedModel):
    """The officer's response to an event: what the matrix proposed (and why), what was chosen and
    the reason. One per event."""

    event = models.OneToOneField(ComplianceEvent, on_delete=models.PROTECT, related_name="response")
    proposed = models.CharField(_("proposed response"), max_length=24, choices=ResponseKind.choices)
    proposal_reasons = models.JSONField(_("why it was proposed"), default=list, blank=True)
    chosen = models.CharField(_("response"), max_length=24, choices=ResponseKind.choices)
    reason = models.TextField(_("reason"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("response to an event")


class RecallDecision(TimeStampedModel):
    """A decision whether to recall (licence, parole) or revoke (probation) after non-compliance,
    with the events it weighed and its justification."""

    period = models.ForeignKey(SupervisionPeriod, on_delete=models.PROTECT, related_name="recall_decisions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recall_decisions")
    kind = models.CharField(_("kind"), max_length=12, choices=RecallKind.choices)
    outcome = models.CharField(_("decision"), max_length=12, choices=RecallOutcome.choices)
    justification = models.TextField(_("justification"))
    events = models.ManyToManyField(ComplianceEvent, related_name="recall_decisions", blank=True,
                                    verbose_name=_("events weighed"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("recall or revocation decision")
