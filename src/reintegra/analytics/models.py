"""Trained risk models (versioned, one active per purpose) and the predictions made with them."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.analytics.choices import DataSource, FairnessPriority, ModelFamily
from reintegra.core.models import TimeStampedModel
from reintegra.people.models import Person


class TrainedModel(TimeStampedModel):
    """A risk model as trained and validated: everything its model card shows is stored here.

    The stored ``spec`` is what scores people; the metrics and fairness tables were computed out of
    sample from the same training run. Models are never edited after training: a new version is
    trained instead. Only activation (with who approved it) changes a stored model.
    """

    purpose = models.SlugField(_("purpose"), max_length=60,
                               help_text=_("What the model estimates, e.g. general-reoffending-12m."))
    version = models.PositiveIntegerField(_("version"))
    family = models.CharField(_("family"), max_length=16, choices=ModelFamily.choices)
    source = models.CharField(_("data source"), max_length=16, choices=DataSource.choices)
    target = models.CharField(_("outcome column"), max_length=120)
    features = models.JSONField(_("features"), default=list)
    group_columns = models.JSONField(_("audit groups"), default=list, blank=True)
    spec = models.JSONField(_("coefficients or points table"), default=dict)
    metrics = models.JSONField(_("metrics"), default=dict)
    calibration = models.JSONField(_("calibration by decile"), default=list)
    roc = models.JSONField(_("ROC curve"), default=list)
    validation = models.JSONField(_("validation"), default=dict)
    fairness = models.JSONField(_("fairness"), default=dict)
    data_description = models.JSONField(_("data description"), default=dict)
    outcome_definition = models.JSONField(_("outcome definition"), default=dict, blank=True)
    explainable = models.BooleanField(_("explainable"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("trained by"))
    active = models.BooleanField(_("active"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    fairness_priority = models.CharField(_("fairness priority"), max_length=16, blank=True,
                                         choices=FairnessPriority.choices)
    approval_note = models.TextField(_("reasons for approval"), blank=True)

    class Meta:
        ordering = ["purpose", "-version"]
        verbose_name = _("trained risk model")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="trained_model_version_unique"),
            models.UniqueConstraint(fields=["purpose"], condition=Q(active=True), name="one_active_model_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version} ({self.family})"

    @property
    def auc(self) -> float | None:
        return (self.metrics or {}).get("auc", {}).get("value")

    @property
    def scorable(self) -> bool:
        return self.explainable and self.family in {ModelFamily.LOGISTIC, ModelFamily.SCORECARD}


class Prediction(models.Model):
    """An estimate made with a model, kept so monitoring can compare it with what happened."""

    model = models.ForeignKey(TrainedModel, on_delete=models.PROTECT, related_name="predictions")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    predicted_at = models.DateTimeField(_("predicted at"))
    index_date = models.DateField(_("index date"), null=True, blank=True)
    probability = models.FloatField(_("estimated probability"))
    lower = models.FloatField(_("lower 95% bound"), null=True, blank=True)
    upper = models.FloatField(_("upper 95% bound"), null=True, blank=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    observed_outcome = models.BooleanField(_("observed outcome"), null=True, blank=True)
    observed_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-predicted_at", "-id"]
        verbose_name = _("prediction")
        indexes = [models.Index(fields=["model", "predicted_at"]), models.Index(fields=["person", "predicted_at"])]
