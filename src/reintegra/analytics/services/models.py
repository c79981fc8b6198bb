"""Training, storing and activating risk models."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.accounts.policy import Action, require
from reintegra.analytics.choices import DataSource, FairnessPriority
from reintegra.analytics.models import TrainedModel
from reintegra.analytics.riskmodels.dataset import DataError, Dataset, DatasetSpec, dataset_from_frame
from reintegra.analytics.riskmodels.training import TrainingResult, train_and_validate
from reintegra.audit.choices import AuditAction
from reintegra.audit.services import audit_record
from reintegra.core.models import RecordVersion
from reintegra.core.versioning import record_history

logger = logging.getLogger(__name__)

# Translated wording of the numerical core's data errors (same placeholders as its English defaults).
DATA_ERROR_MESSAGES = {
    "no_features": gettext_lazy("Name at least one feature column."),
    "duplicate_features": gettext_lazy("Features listed twice: %(columns)s."),
    "group_as_feature": gettext_lazy(
        "Group columns are for the fairness audit only and can never be model inputs: "
        "%(columns)s is listed both as a group and as a feature."),
    "target_as_feature": gettext_lazy("The outcome column %(column)s cannot also be a feature."),
    "time_as_feature": gettext_lazy("The time column %(column)s cannot also be a feature."),
    "target_missing": gettext_lazy(
        "The outcome column %(column)s is empty in %(count)s rows; fill or drop them first."),
    "target_not_binary": gettext_lazy(
        "The outcome column %(column)s must hold two values, 0 and 1 (or yes/no, true/false); "
        "found %(count)s distinct values: %(values)s."),
    "time_missing": gettext_lazy("The time column %(column)s is empty in %(count)s rows."),
    "time_unparseable": gettext_lazy(
        "The time column %(column)s has %(count)s values that are not dates (for example %(examples)s); "
        "use ISO dates such as 2014-03-31."),
    "missing_columns": gettext_lazy("These columns are not in the file: %(missing)s. Columns found: %(found)s."),
    "too_few_rows": gettext_lazy(
        "The table has %(rows)s rows; at least %(minimum)s are needed to train and validate a model."),
    "too_few_events": gettext_lazy(
        "The outcome %(column)s has %(events)s rows with 1 and %(non_events)s with 0; each needs at least "
        "%(minimum)s."),
    "feature_empty": gettext_lazy("The feature column %(column)s is empty."),
    "feature_constant": gettext_lazy(
        "The feature column %(column)s has a single value, so it cannot inform a model."),
    "folds": gettext_lazy("Use at least 2 folds for cross-validation."),
}


def data_error_as_validation(exc: DataError) -> ValidationError:
    """The core's ``DataError`` as a translated ``ValidationError`` on the field it concerns."""
    template = DATA_ERROR_MESSAGES.get(exc.code)
    message = str(template) % exc.params if template is not None else str(exc)
    return ValidationError({exc.field: [message]}, code=exc.code)


def csv_read(path: str | Path) -> pd.DataFrame:
    """Read a CSV file, refusing a missing, empty or unreadable file with a clear message."""
    file = Path(path)
    if not file.is_file():
        raise ValidationError({"csv": [_("File not found: %(path)s.") % {"path": str(file)}]}, code="missing_file")
    try:
        frame = pd.read_csv(file, low_memory=False)
    except pd.errors.EmptyDataError:
        raise ValidationError({"csv": [_("The file %(path)s is empty.") % {"path": str(file)}]}, code="empty_file")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValidationError(
            {"csv": [_("The file %(path)s could not be read as CSV: %(error)s") % {"path": str(file), "error": exc}]},
            code="unreadable_file",
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _history(model: TrainedModel, *, actor: Any, action: str, before: dict[str, Any] | None = None,
             after: dict[str, Any] | None = None, reason: str = "") -> None:
    """Append to the model's change history (trained models are not edited, only activated/retired)."""
    from reintegra.core.versioning import history_for

    record_history(model, action=action, actor=actor, version=history_for(model).count() + 1,
                   before=before, after=after, reason=reason)


def _next_version(purpose: str) -> int:
    current = TrainedModel.objects.select_for_update().filter(purpose=purpose).aggregate(v=Max("version"))["v"]
    return (current or 0) + 1


@transaction.atomic
def trained_model_train(
    *,
    dataset: Dataset,
    source: str,
    family: str,
    purpose: str,
    actor: Any = None,
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 1000,
    cutoff: float | None = None,
    outcome_definition: dict[str, Any] | None = None,
    data_description: dict[str, Any] | None = None,
) -> TrainedModel:
    """Train and validate ``family`` on a checked dataset and store it as the next version of ``purpose``.

    The model is stored inactive; ``trained_model_activate`` puts it into use. Raises
    ``ValidationError`` (nothing stored) when the data cannot support a model.
    """
    if actor is not None and getattr(actor, "pk", None):
        require(actor, Action.MODEL_MANAGE)
    try:
        result: TrainingResult = train_and_validate(
            dataset, family=family, folds=folds, seed=seed, bootstrap=bootstrap, cutoff=cutoff
        )
    except DataError as exc:
        raise data_error_as_validation(exc) from exc
    description = {**dataset.description, **(data_description or {})}
    model = TrainedModel.objects.create(
        purpose=purpose,
        version=_next_version(purpose),
        family=family,
        source=source,
        target=dataset.spec.target,
        # the inputs the model uses (a scorecard keeps at most 8 of those offered; the data
        # description lists every column offered)
        features=list(result.spec.get("features") or dataset.spec.features),
        group_columns=list(dataset.spec.groups),
        spec=result.spec,
        metrics=result.metrics,
        calibration=result.calibration,
        roc=result.roc,
        validation={"folds": result.folds, "time_split": result.time_split, "seconds": result.seconds,
                    "method": f"stratified {folds}-fold cross-validation, seed {seed}"},
        fairness=result.fairness,
        data_description=description,
        outcome_definition=outcome_definition or {},
        explainable=result.explainable,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _history(model, action=RecordVersion.Action.CREATE, actor=actor,
             after={"purpose": purpose, "version": model.version, "family": family})
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="analytics.trainedmodel",
                 object_id=model.pk, purpose="model training",
                 detail={"event": "train", "purpose": purpose, "version": model.version, "family": family})
    logger.info("trained model %s (%s v%s)", model.pk, family, model.version)
    return model


def trained_model_train_csv(
    *,
    path: str | Path,
    target: str,
    features: list[str],
    groups: list[str] | tuple[str, ...] = (),
    time: str | None = None,
    family: str = "logistic",
    purpose: str | None = None,
    actor: Any = None,
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 1000,
    cutoff: float | None = None,
) -> TrainedModel:
    """Train a model from a CSV file the system has never seen, given which column is which."""
    try:
        spec = DatasetSpec(target=target, features=tuple(features), groups=tuple(groups), time=time or None)
    except DataError as exc:
        raise data_error_as_validation(exc) from exc
    frame = csv_read(path)
    try:
        dataset = dataset_from_frame(frame, spec)
    except DataError as exc:
        raise data_error_as_validation(exc) from exc
    return trained_model_train(
        dataset=dataset, source=DataSource.CSV, family=family, purpose=purpose or f"csv-{target}".lower()[:60],
        actor=actor, folds=folds, seed=seed, bootstrap=bootstrap, cutoff=cutoff,
        data_description={"file": Path(path).name},
        outcome_definition={"kind": "column", "column": target,
                            "description": _("As recorded in the column %(column)s of the file.") % {"column": target}},
    )


@transaction.atomic
def trained_model_activate(
    *, model: TrainedModel, actor: Any, fairness_priority: str = "", note: str = ""
) -> TrainedModel:
    """Make ``model`` the one model in use for its purpose, recording who approved it, when, and
    which fairness property the agency prioritises. The previously active model is retired."""
    require(actor, Action.MODEL_MANAGE)
    model = TrainedModel.objects.select_for_update().get(pk=model.pk)
    if not model.scorable:
        raise ValidationError({"model": [_(
            "This is a reference model that cannot explain its estimates, so it cannot be put into use."
        )]})
    if fairness_priority not in FairnessPriority.values:
        raise ValidationError({"fairness_priority": [_("Choose one of the listed fairness priorities.")]})
    if model.active:
        raise ValidationError({"model": [_("This model is already active.")]})
    previous = list(TrainedModel.objects.select_for_update().filter(purpose=model.purpose, active=True))
    for old in previous:
        TrainedModel.objects.filter(pk=old.pk).update(active=False)
        _history(old, action=RecordVersion.Action.UPDATE, actor=actor,
                 before={"active": True}, after={"active": False},
                 reason=_("Replaced by version %(version)s.") % {"version": model.version})
    now = timezone.now()
    TrainedModel.objects.filter(pk=model.pk).update(
        active=True, approved_by=actor, approved_at=now, fairness_priority=fairness_priority, approval_note=note.strip(),
    )
    model.refresh_from_db()
    _history(model, action=RecordVersion.Action.UPDATE, actor=actor,
             before={"active": False}, after={"active": True, "fairness_priority": fairness_priority},
             reason=note.strip())
    audit_record(actor=actor, action=AuditAction.UPDATE, object_type="analytics.trainedmodel",
                 object_id=model.pk, fields=["active", "approved_by", "approved_at", "fairness_priority"],
                 purpose="model approval",
                 detail={"event": "activate", "purpose": model.purpose, "replaced": [m.pk for m in previous]})
    logger.info("activated model %s for purpose %s", model.pk, model.purpose)
    return model
