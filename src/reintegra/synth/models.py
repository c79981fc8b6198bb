"""What the synthetic-jurisdiction generator knows and the records themselves cannot say.

Each synthetic person gets a ``SyntheticProfile``: the latent risk and the seven dynamic
Central-Eight domain levels the generator drew for them. Later generators (assessments,
programmes) answer instruments from these levels, and analytics can check a risk model against
the truth it was meant to recover. ``SynthRun`` records each run, so a second run into the same
database is refused unless it is an explicit append.

Domain scale (every ``*_level`` field, 0..3):
    0  no problem in this domain, or a strength (e.g. steady work, prosocial friends)
    1  some problem: present but not driving offending
    2  considerable problem: a clear criminogenic need that a plan should target
    3  severe problem: the dominant need in this domain
"""
from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.people.models import Person

DOMAIN_MAX = 3

# (field name, label): the seven dynamic Central-Eight domains, in the order the generator uses.
DOMAINS: tuple[tuple[str, str], ...] = (
    ("attitudes_level", _("pro-criminal attitudes")),
    ("associates_level", _("pro-criminal associates")),
    ("personality_level", _("antisocial personality pattern")),
    ("family_level", _("family / marital")),
    ("school_work_level", _("school / work")),
    ("leisure_level", _("leisure / recreation")),
    ("substance_level", _("substance abuse")),
)
DOMAIN_FIELDS: tuple[str, ...] = tuple(name for name, _label in DOMAINS)


def _domain_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MaxValueValidator(DOMAIN_MAX)],
        help_text=_("0 none or a strength, 1 some, 2 considerable, 3 severe problem."),
    )


class SynthRun(models.Model):
    """One invocation of ``reintegra synth``: its parameters and the measured outcome."""

    seed = models.BigIntegerField(_("seed"))
    persons = models.PositiveIntegerField(_("persons requested"))
    today = models.DateField(_("reference date"), help_text=_("The jurisdiction's 'today': no date lies after it."))
    generator_version = models.CharField(_("generator version"), max_length=20)
    append = models.BooleanField(_("appended to existing data"), default=False)
    first_index = models.PositiveIntegerField(
        _("first person index"), help_text=_("Synthetic persons are numbered across runs; identifiers derive from it."),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    cohort_size = models.PositiveIntegerField(_("two-year cohort size"), null=True, blank=True)
    reoffenders = models.PositiveIntegerField(_("proven reoffenders in the cohort"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("synthetic data run")
        verbose_name_plural = _("synthetic data runs")

    def __str__(self) -> str:
        return f"synth run {self.pk} (seed {self.seed}, {self.persons} persons)"

    @property
    def realised_rate(self) -> float | None:
        if not self.cohort_size or self.reoffenders is None:
            return None
        return self.reoffenders / self.cohort_size


class SyntheticProfile(models.Model):
    """The generator's ground truth about one synthetic person."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="synthetic_profile")
    run = models.ForeignKey(SynthRun, on_delete=models.PROTECT, related_name="profiles")
    index = models.PositiveIntegerField(_("synthetic index"), unique=True)
    seed = models.BigIntegerField(_("seed"))
    generator_version = models.CharField(_("generator version"), max_length=20)

    # Latent risk of proven reoffending within two years of the index follow-up start.
    risk_logit = models.FloatField(_("latent risk (logit)"))
    risk_probability = models.FloatField(_("latent two-year risk"))

    attitudes_level = _domain_field(_("pro-criminal attitudes"))
    associates_level = _domain_field(_("pro-criminal associates"))
    personality_level = _domain_field(_("antisocial personality pattern"))
    family_level = _domain_field(_("family / marital"))
    school_work_level = _domain_field(_("school / work"))
    leisure_level = _domain_field(_("leisure / recreation"))
    substance_level = _domain_field(_("substance abuse"))

    # Criminal history (the static Central-Eight domain) as of the index case.
    age_at_first_offence = models.PositiveSmallIntegerField(_("age at first offence"))
    prior_cases = models.PositiveSmallIntegerField(_("cases before the index case"))
    prior_convictions = models.PositiveSmallIntegerField(_("convictions before the index case"))
    prior_custodial = models.PositiveSmallIntegerField(_("custodial sentences before the index case"))
    index_offence_section = models.CharField(_("ICCS section of the index offence"), max_length=2)
    index_disposition = models.CharField(_("index disposition kind"), max_length=24)
    followup_start = models.DateField(
        _("follow-up start"), null=True, blank=True,
        help_text=_("Release from the index custody, or start of the index order; empty while still in custody."),
    )
    reoffences = models.PositiveSmallIntegerField(_("proven reoffences generated after the index"), default=0)

    class Meta:
        ordering = ["index"]
        verbose_name = _("synthetic profile")
        verbose_name_plural = _("synthetic profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__lte": DOMAIN_MAX}), name=f"synthprofile_{name}_0_3",
            )
            for name in DOMAIN_FIELDS
        ] + [
            models.CheckConstraint(
                condition=models.Q(risk_probability__gte=0) & models.Q(risk_probability__lte=1),
                name="synthprofile_probability_0_1",
            )
        ]
        indexes = [models.Index(fields=["followup_start"])]

    def __str__(self) -> str:
        return f"synthetic profile of person {self.person_id}"

    def domain_levels(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in DOMAIN_FIELDS}
