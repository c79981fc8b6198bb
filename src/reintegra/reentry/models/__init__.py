"""Release preparation (``preparation``) and the handover and family notifications (``handover``)."""
from reintegra.reentry.models.handover import FamilyNotification, ReleaseHandover
from reintegra.reentry.models.preparation import (
    ChecklistItem, PathwayAction, PathwayEvidence, PathwayRecord, ReleasePreparation,
)

__all__ = [
    "ChecklistItem", "FamilyNotification", "PathwayAction", "PathwayEvidence", "PathwayRecord", "ReleaseHandover",
    "ReleasePreparation",
]
