from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ChargeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTED = "convicted", _("Convicted")
    CAUTIONED = "cautioned", _("Cautioned")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed or withdrawn")
    DIVERTED = "diverted", _("Diverted")


class DispositionKind(models.TextChoices):
    CUSTODIAL = "custodial", _("Custodial sentence")
    SUSPENDED = "suspended", _("Suspended sentence")
    PROBATION = "probation", _("Probation order")
    COMMUNITY_SERVICE = "community_service", _("Community service order")
    FINE = "fine", _("Fine")
    CONDITIONAL_DISCHARGE = "conditional_discharge", _("Conditional discharge")
    DIVERSION = "diversion", _("Diversion")
    RESTORATIVE = "restorative", _("Restorative justice outcome")
    ACQUITTAL = "acquittal", _("Acquittal or dismissal")


class CustodyKind(models.TextChoices):
    REMAND = "remand", _("Pretrial detention (remand)")
    SENTENCED = "sentenced", _("Sentenced")


class ReleaseType(models.TextChoices):
    END_OF_SENTENCE = "end_of_sentence", _("End of sentence")
    CONDITIONAL = "conditional", _("Conditional release")
    PAROLE = "parole", _("Parole")
    BAIL = "bail", _("Bail or pretrial release")
    ACQUITTED = "acquitted", _("Acquitted or charges dropped")
    TRANSFER = "transfer", _("Transfer to another facility")
    COURT_ORDER = "court_order", _("Other court order")
    DEATH = "death", _("Death in custody")
    ESCAPE = "escape", _("Escape")


class SupervisionKind(models.TextChoices):
    PROBATION = "probation", _("Probation")
    PAROLE = "parole", _("Parole")
    LICENCE = "licence", _("Licence")
    PRETRIAL = "pretrial", _("Pretrial supervision")


class SupervisionEnd(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    EARLY_DISCHARGE = "early_discharge", _("Early discharge")
    REVOKED = "revoked", _("Revoked or recalled")
    TRANSFERRED = "transferred", _("Transferred")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class PersonStatus(models.TextChoices):
    """Derived from the spans, never stored (see ``justice.selectors.person_status``)."""

    PRETRIAL_DETENTION = "pretrial_detention", _("Pretrial detention")
    IN_CUSTODY = "in_custody", _("Serving a custodial sentence")
    UNDER_SUPERVISION = "under_supervision", _("Under community supervision")
    NO_ACTIVE_EPISODE = "no_active_episode", _("No active episode")
