"""Non-custodial measures and restorative justice: community service orders (placements and hours
worked), diversion and treatment instead of conviction, and restorative justice cases (parties,
consent, sessions, agreements). Written only through ``community.services``; nothing is deleted."""
from reintegra.community.models.diversion import Diversion, DiversionCondition
from reintegra.community.models.orders import CommunityServiceOrder, HoursEntry, Placement
from reintegra.community.models.restorative import (
    AgreementItem, ConsentRecord, RestorativeCase, RestorativeParty, RestorativeSession,
)

__all__ = [
    "AgreementItem", "CommunityServiceOrder", "ConsentRecord", "Diversion", "DiversionCondition", "HoursEntry",
    "Placement", "RestorativeCase", "RestorativeParty", "RestorativeSession",
]
