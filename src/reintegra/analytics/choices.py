from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelFamily(models.TextChoices):
    LOGISTIC = "logistic", _("Penalised logistic regression")
    SCORECARD = "scorecard", _("Integer points scorecard")
    BOOSTING = "boosting", _("Gradient boosting (reference only, not explainable)")


class DataSource(models.TextChoices):
    CSV = "csv", _("CSV file")
    HISTORY = "history", _("This system's own history")


class FairnessPriority(models.TextChoices):
    """What the approving agency prioritises when calibration and equal error rates conflict."""

    CALIBRATION = "calibration", _("Calibration within groups")
    EQUAL_FPR = "equal_fpr", _("Equal false-positive rates")
    EQUAL_FNR = "equal_fnr", _("Equal false-negative rates")
    NOT_RECORDED = "", _("Not recorded")
