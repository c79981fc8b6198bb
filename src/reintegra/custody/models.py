"""Facilities (prisons and other places of detention) and their units.

A facility is an ``accounts.Organisation`` of kind prison: its name, region, coordinates and official
capacity live there (one place, used by the synthetic jurisdiction and the access policy alike).
The profile adds what only custody needs; units divide a facility. Both are versioned and are
never deleted: a unit that closes is made inactive.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.choices import OrganisationKind
from reintegra.accounts.models import Organisation
from reintegra.core.models import TimeStampedModel, VersionedModel, VoidableModel
from reintegra.custody.choices import AgeCategory, CapacityType, SecurityLevel, SexCategory


class FacilityProfile(VersionedModel):
    facility = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="facility_profile", verbose_name=_("facility"),
        limit_choices_to={"kind": OrganisationKind.PRISON},
    )
    security_level = models.CharField(_("security level"), max_length=16, choices=SecurityLevel.choices)
    capacity_type = models.CharField(
        _("type of capacity"), max_length=16, choices=CapacityType.choices, default=CapacityType.DESIGN,
        help_text=_("What the facility's official capacity counts."),
    )
    sex_category = models.CharField(_("sex category"), max_length=16, choices=SexCategory.choices)
    age_category = models.CharField(_("age category"), max_length=16, choices=AgeCategory.choices)
    location = models.CharField(
        _("location"), max_length=250, blank=True,
        help_text=_("Town or address. The region and coordinates are those of the organisation."),
    )

    class Meta:
        verbose_name = _("facility profile")
        verbose_name_plural = _("facility profiles")

    def __str__(self) -> str:
        return str(self.facility)


class Unit(VersionedModel):
    """A wing, block or house within a facility."""

    facility = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="custody_units", verbose_name=_("facility"),
        limit_choices_to={"kind": OrganisationKind.PRISON},
    )
    name = models.CharField(_("name"), max_length=100)
    security_level = models.CharField(_("security level"), max_length=16, choices=SecurityLevel.choices)
    official_capacity = models.PositiveIntegerField(_("official capacity"), null=True, blank=True)
    sex_category = models.CharField(_("sex category"), max_length=16, choices=SexCategory.choices)
    age_category = models.CharField(_("age category"), max_length=16, choices=AgeCategory.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["facility_id", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [models.UniqueConstraint(fields=["facility", "name"], name="custody_unit_unique_name")]

    def __str__(self) -> str:
        return f"{self.facility} · {self.name}"


class UnitStay(VersionedModel, VoidableModel):
    """Where in a facility a person is held: one span per unit within one custody episode.

    The episode (``justice.CustodyEpisode``) says which facility; a stay says which of its units,
    from when to when. An episode has at most one open stay (``to_on`` empty); a move within the
    facility closes the open stay on the day of the move and opens the next one on the same day, so
    a person counts once per day, in the unit they moved to (the same rule as a transfer between
    facilities). Stays are written through ``custody.services`` (``unit_stay_start``, ``unit_move``,
    ``unit_stay_end``); a mistaken one is voided, never deleted.
    """

    episode = models.ForeignKey(
        "justice.CustodyEpisode", on_delete=models.PROTECT, related_name="unit_stays",
        verbose_name=_("custody episode"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="stays", verbose_name=_("unit"))
    from_on = models.DateField(_("from"))
    to_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["episode_id", "from_on", "id"]
        verbose_name = _("unit stay")
        verbose_name_plural = _("unit stays")
        indexes = [
            models.Index(fields=["unit", "to_on"], name="custody_stay_unit_to"),
            models.Index(fields=["unit", "from_on"], name="custody_stay_unit_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_on__isnull=True) | models.Q(to_on__gte=models.F("from_on")),
                name="custody_unit_stay_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=models.Q(to_on__isnull=True, voided_at__isnull=True),
                name="custody_one_open_unit_stay",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.from_on}–{self.to_on or ''}"


class AllocationDecision(TimeStampedModel):
    """Where a person is to be held, decided from a ranking of the facilities, and why.

    The ranking as it stood at the moment of decision is kept (``ranking``: every facility with
    its rank, points and explanation per criterion), so the decision can be read later against
    what the decider saw. A person held elsewhere is transferred through
    ``justice.services.custody_transfer`` (the move is kept as custody spans) and ``episode`` is the
    new stay; a person held in the chosen facility stays; a person not held yet has the decision
    recorded for the admission (``episode`` is linked when they are admitted). Decisions are not
    edited: a later decision supersedes an earlier one.
    """

    class Outcome(models.TextChoices):
        TRANSFER = "transfer", _("Transfer")
        STAY = "stay", _("Stays in the current facility")
        ADMISSION = "admission", _("For the admission")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocation_decisions",
                               verbose_name=_("person"))
    facility = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="allocation_decisions",
                                 verbose_name=_("facility"))
    required_security = models.CharField(_("required security level"), max_length=16, choices=SecurityLevel.choices)
    ranking = models.JSONField(_("ranking when decided"), default=list)
    chosen_rank = models.PositiveIntegerField(_("rank of the chosen facility"))
    reason = models.TextField(_("reason"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    effective_on = models.DateField(_("effective on"))
    from_episode = models.ForeignKey(
        "justice.CustodyEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("custody stay when decided"),
    )
    episode = models.ForeignKey(
        "justice.CustodyEpisode", null=True, blank=True, on_delete=models.PROTECT,
        related_name="allocation_decisions", verbose_name=_("custody stay"),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("allocation decision")
        verbose_name_plural = _("allocation decisions")
        indexes = [models.Index(fields=["person", "-decided_at"], name="custody_alloc_person")]
        constraints = [models.CheckConstraint(condition=models.Q(chosen_rank__gte=1), name="custody_alloc_rank_positive")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.facility}"
