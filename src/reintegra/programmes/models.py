"""The programme catalogue (reference data), labour demand, cohorts, enrolments, attendance and
certificates. Nothing is deleted: programmes and cohorts are voided, enrolments end as completed
or dropped; every edit goes through ``core.versioning`` in the services."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.people.models import Person
from reintegra.programmes.choices import (
    Accreditation, DeliverySetting, EducationLevel, EnrolmentStatus, Intensity, Literacy, ProgrammeType,
    SexEligibility,
)


class Programme(VersionedModel, VoidableModel):
    """One programme in the catalogue: what it targets, its dosage, who may join, where and by whom."""

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=ProgrammeType.choices)
    education_level = models.CharField(_("education level"), max_length=24, choices=EducationLevel.choices, blank=True)
    trade = models.CharField(_("trade"), max_length=100, blank=True, help_text=_("For vocational training and work."))
    description = models.TextField(_("description"), blank=True)
    targeted_needs = models.JSONField(_("criminogenic needs targeted"), default=list, blank=True)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    sessions = models.PositiveIntegerField(_("sessions"), default=0)
    weeks = models.PositiveIntegerField(_("weeks"), default=0)
    intensity = models.CharField(_("intensity"), max_length=16, choices=Intensity.choices, default=Intensity.MODERATE)
    risk_bands = models.JSONField(_("risk bands"), default=list, blank=True,
                                  help_text=_("Empty means every band."))
    sex_eligibility = models.CharField(_("sex"), max_length=4, choices=SexEligibility.choices, default=SexEligibility.ANY)
    gender_responsive = models.BooleanField(_("gender-responsive"), default=False)
    trauma_informed = models.BooleanField(
        _("trauma-informed"), default=False,
        help_text=_("Delivered by staff trained to work with people who have experienced trauma."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("ISO 639-1 codes of the languages it is delivered in; empty means any."))
    min_literacy = models.CharField(_("minimum literacy"), max_length=16, choices=Literacy.choices, default=Literacy.NONE)
    excluded_sections = models.JSONField(_("excluded ICCS sections"), default=list, blank=True)
    delivery = models.CharField(_("delivered in"), max_length=16, choices=DeliverySetting.choices)
    venue = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes_delivered", verbose_name=_("venue"),
        help_text=_("The facility, community office or partner organisation where it is delivered."),
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes_provided", verbose_name=_("provider"),
    )
    capacity = models.PositiveIntegerField(_("capacity per cohort"))
    accreditation = models.CharField(_("accreditation"), max_length=16, choices=Accreditation.choices,
                                     default=Accreditation.NOT_ACCREDITED)
    evidence = models.TextField(_("evidence"), blank=True)
    evaluation_url = models.URLField(_("local evaluation"), blank=True)
    certificate_title = models.CharField(
        _("certificate awarded"), max_length=200, blank=True,
        help_text=_("Leave empty when completing the programme earns no certificate."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("programme")
        indexes = [models.Index(fields=["type", "name"]), models.Index(fields=["trade"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="programme_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gte=models.F("min_age")),
                name="programme_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LabourDemand(TimeStampedModel):
    """Vacancies for a trade in a region over a period, from an imported labour-market table."""

    region = models.CharField(_("region"), max_length=100)
    trade = models.CharField(_("trade"), max_length=100)
    vacancies = models.PositiveIntegerField(_("vacancies"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    source_file = models.CharField(_("source file"), max_length=255, blank=True)

    class Meta:
        ordering = ["trade", "region", "-period_start"]
        verbose_name = _("labour demand")
        indexes = [models.Index(fields=["trade", "period_start"])]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="labour_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.trade} / {self.region}: {self.vacancies}"


class Cohort(VersionedModel, VoidableModel):
    """One run of a programme with its dates, places and schedule."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("places"))
    schedule = models.TextField(_("schedule"), blank=True, help_text=_("E.g. Tuesdays and Thursdays 10:00-12:00."))
    session_dates = models.JSONField(_("session dates"), default=list, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("cohort")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_order"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.starts_on:%Y-%m-%d})"


class Enrolment(VersionedModel):
    """A person on a cohort: waiting (with a priority), enrolled, completed or dropped out."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.WAITING)
    risk_band = models.CharField(_("risk band when requested"), max_length=16, blank=True)
    release_on = models.DateField(_("expected release when requested"), null=True, blank=True)
    priority = models.DecimalField(_("priority score"), max_digits=7, decimal_places=3, default=0)
    requested_on = models.DateField(_("requested on"))
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_reason = models.TextField(_("reason for dropping out"), blank=True)

    class Meta:
        ordering = ["-priority", "requested_on", "id"]
        verbose_name = _("enrolment")
        indexes = [models.Index(fields=["cohort", "status"]), models.Index(fields=["person", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cohort"], condition=Q(status__in=["waiting", "enrolled"]),
                name="enrolment_one_open_per_cohort",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(enrolled_on__isnull=False, completed_on__gte=models.F("enrolled_on")),
                name="enrolment_completed_after_enrolled",
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment #{self.pk}"


class Attendance(TimeStampedModel):
    """Whether the person attended one session. Corrections add a new row (the latest counts)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    session_on = models.DateField(_("session date"))
    attended = models.BooleanField(_("attended"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["session_on", "id"]
        verbose_name = _("attendance")
        indexes = [models.Index(fields=["enrolment", "session_on"])]


class Certificate(TimeStampedModel):
    """A certificate the person earned (used later for job matching)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="certificates")
    enrolment = models.OneToOneField(Enrolment, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="certificate")
    title = models.CharField(_("title"), max_length=200)
    awarded_on = models.DateField(_("awarded on"))

    class Meta:
        ordering = ["-awarded_on", "id"]
        verbose_name = _("certificate")
