"""What programmes tell the layers above without importing them.

``enrolment_completed`` is sent inside ``enrolment_complete``'s transaction (a receiver that fails
undoes the completion) with ``enrolment``, ``on`` (the completion date) and ``actor``. The planning
layer uses it to make the person due a reassessment (docs/assessments.md).
"""
from django.dispatch import Signal

enrolment_completed = Signal()
