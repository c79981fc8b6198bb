"""Community supervision: levels and conditions, contacts and appointments, compliance and
responses, recall decisions, eligibility reviews, and volunteer probation officers."""
from reintegra.supervision.models.compliance import ComplianceEvent, EventResponse, RecallDecision
from reintegra.supervision.models.contacts import Appointment, SupervisionContact
from reintegra.supervision.models.eligibility import EligibilityReview
from reintegra.supervision.models.levels import Condition, LevelDecision
from reintegra.supervision.models.volunteers import (
    AssignmentEnd, VolunteerAssignment, VolunteerGender, VolunteerMeeting, VolunteerProfile, VolunteerTraining,
)

__all__ = [
    "Appointment", "AssignmentEnd", "ComplianceEvent", "Condition", "EligibilityReview", "EventResponse",
    "LevelDecision", "RecallDecision", "SupervisionContact", "VolunteerAssignment", "VolunteerGender",
    "VolunteerMeeting", "VolunteerProfile", "VolunteerTraining",
]
