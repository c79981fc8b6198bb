"""The justice record as time spans: offences (ICCS), cases, charges, dispositions, custody and supervision."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.justice.choices import (
    CaseStatus, ChargeOutcome, CustodyKind, DispositionKind, ReleaseType, SupervisionEnd, SupervisionKind,
)
from reintegra.people.models import Person


class OffenceCategory(TimeStampedModel):
    """An ICCS category (level-1 sections shipped) or a national offence code mapped to one."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=250)
    level = models.PositiveSmallIntegerField(_("ICCS level"), default=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    iccs_section = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ICCS section"), help_text=_("The level-1 ICCS section this code belongs to."),
    )
    is_national = models.BooleanField(_("national code"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("offence category")
        verbose_name_plural = _("offence categories")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        """The name in the active language (ICCS sections are translated; national codes are not)."""
        from reintegra.justice.iccs import offence_display_name

        return offence_display_name(self.code, self.name, self.is_national)


class Case(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(_("case reference"), max_length=64)
    court = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            )
        ]


class Charge(VersionedModel, VoidableModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="charges")
    offence = models.ForeignKey(OffenceCategory, on_delete=models.PROTECT, related_name="charges")
    offence_date = models.DateField(_("offence date"))
    description = models.TextField(_("description"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ChargeOutcome.choices, default=ChargeOutcome.PENDING)
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)

    class Meta:
        ordering = ["offence_date", "id"]
        verbose_name = _("charge")


class Disposition(VersionedModel, VoidableModel):
    """A sentence or other outcome of a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="dispositions")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="dispositions")
    kind = models.CharField(_("kind"), max_length=24, choices=DispositionKind.choices)
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    term_days = models.PositiveIntegerField(_("term (days)"), null=True, blank=True,
                                            help_text=_("Length of a custodial, suspended or supervision term."))
    fine_amount = models.DecimalField(_("fine amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True, help_text=_("Community service hours."))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("disposition or sentence")


class CustodyEpisode(VersionedModel, VoidableModel):
    """A continuous stay in one facility. Spans of one person never overlap; a transfer ends one and starts the next."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="custody_episodes")
    kind = models.CharField(_("kind"), max_length=16, choices=CustodyKind.choices)
    facility = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="custody_episodes")
    disposition = models.ForeignKey(Disposition, null=True, blank=True, on_delete=models.PROTECT, related_name="custody_episodes")
    # Remand episodes have no disposition yet; the case they were held for links them to the
    # sentence later, so remand time can be credited (see ``justice.keydates``).
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="custody_episodes",
        verbose_name=_("case"),
    )
    admitted_on = models.DateField(_("admitted on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_type = models.CharField(_("release type"), max_length=24, choices=ReleaseType.choices, blank=True)

    class Meta:
        ordering = ["-admitted_on", "-id"]
        verbose_name = _("custody episode")
        indexes = [models.Index(fields=["facility", "released_on"]), models.Index(fields=["person", "admitted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released_on__isnull=True) | models.Q(released_on__gte=models.F("admitted_on")),
                name="custody_release_after_admission",
            )
        ]


class SupervisionPeriod(VersionedModel, VoidableModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_periods")
    kind = models.CharField(_("kind"), max_length=16, choices=SupervisionKind.choices)
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="supervision_periods")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="supervision_periods")
    disposition = models.ForeignKey(Disposition, null=True, blank=True, on_delete=models.PROTECT, related_name="supervision_periods")
    starts_on = models.DateField(_("starts on"))
    expected_end_on = models.DateField(_("expected end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=24, choices=SupervisionEnd.choices, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("supervision period")
        indexes = [models.Index(fields=["office", "ended_on"]), models.Index(fields=["officer", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("starts_on")),
                name="supervision_end_after_start",
            )
        ]
