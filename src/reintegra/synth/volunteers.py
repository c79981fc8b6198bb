"""Volunteer probation officers of the synthetic jurisdiction: profiles, training and, for the demo
volunteer, meeting notes with the people they support.

Every user with an active volunteer membership at a probation office gets a profile (once per
database) through ``supervision.services.volunteer_profile_create``, created by the office's
supervisor: the office's town as the area, Spanish plus sometimes a second language, a gender, room
for two to four people. Each has the induction course and safeguarding (valid for two years; a few
have lapsed) and half a motivational-interviewing course, through ``volunteer_training_add``.
Draws come from a generator keyed by ``(seed, SEED_TAG)``, apart from the batches' streams.

``meetings_ensure`` writes a volunteer's notes of meetings for their open assignments (through
``volunteer_meeting_record``) and the officer's review of the older ones: used by the demo for the
demo volunteer.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction

from reintegra.accounts.choices import Role
from reintegra.accounts.models import Membership
from reintegra.supervision.models import VolunteerAssignment, VolunteerGender, VolunteerMeeting
from reintegra.supervision.services.volunteer_meetings import volunteer_meeting_record, volunteer_meeting_review
from reintegra.supervision.services.volunteer_profiles import volunteer_profile_create, volunteer_training_add
from reintegra.synth import names
from reintegra.synth.demo import DEMO_ACCOUNTS, DEMO_VOLUNTEER_PEOPLE
from reintegra.synth.jurisdiction import Jurisdiction

SEED_TAG = 10
SECOND_LANGUAGES = ("en", "pt", "fr", "ar")
COURSES = (  # (course, years valid or None, share who took it)
    ("Induction to volunteer probation work", None, 1.0),
    ("Safeguarding, confidentiality and boundaries", 2, 1.0),
    ("Motivational interviewing: first steps", None, 0.5),
)
MEETING_NOTES = (
    "Tomamos un café cerca de su casa. Está animado con el curso y ha vuelto a hablar con su hermana.",
    "Paseo por el parque. Le preocupa el alquiler; le sugiero comentarlo con su oficial.",
    "Le acompañé a la oficina de empleo para inscribirse. Tiene entrevista la semana que viene.",
    "Conversación tranquila. Dice que duerme mejor y que mantiene el trabajo de media jornada.",
    "Hablamos de cómo evitar al grupo de antes. Ha empezado a ir al gimnasio del barrio.",
)
CONCERN_NOTE = "Le noté muy decaído y dice que ha vuelto a beber algún día. Pido que el oficial lo vea pronto."
REVIEW_NOTE = "Leído. Lo trataremos en la próxima cita."


def _female(first_name: str) -> bool:
    # Staff names are drawn from the Hispanic pools; the demo logins' names end in -a when female.
    return first_name in names.CULTURES[0].female or first_name.endswith("a")


@transaction.atomic
def volunteers_ensure(*, j: Jurisdiction, seed: int, today: dt.date) -> int:
    """Profiles and training for the volunteers of every office who have none; returns how many."""
    rng = np.random.default_rng([int(seed), SEED_TAG])
    offices = {o.pk: o for o in j.offices}
    supervisors: dict[int, Any] = {}
    for m in Membership.objects.filter(organisation_id__in=offices, role=Role.SUPERVISOR, active=True) \
            .select_related("user").order_by("organisation_id", "user__username"):
        supervisors.setdefault(m.organisation_id, m.user)
    volunteers = (Membership.objects.filter(organisation_id__in=offices, role=Role.VOLUNTEER, active=True)
                  .exclude(user__volunteer_profile__isnull=False)
                  .select_related("user").order_by("organisation_id", "user__username"))
    made = 0
    for m in volunteers:
        manager = supervisors.get(m.organisation_id)
        if manager is None:
            continue
        office, user = offices[m.organisation_id], m.user
        languages = ["es"] + ([str(rng.choice(SECOND_LANGUAGES))] if rng.random() < 0.35 else [])
        gender = VolunteerGender.FEMALE if _female(user.first_name) else VolunteerGender.MALE
        town = office.name.removesuffix(" Probation Office")
        room = int(rng.integers(2, 5))
        if user.username == DEMO_ACCOUNTS[Role.VOLUNTEER][0]:
            room = max(room, DEMO_VOLUNTEER_PEOPLE)  # the demo assigns them that many people
        profile = volunteer_profile_create(actor=manager, volunteer=user, office=office, area=town,
                                           languages=languages, gender=gender, max_people=room)
        for course, years, share in COURSES:
            if rng.random() >= share:
                continue
            completed = today - dt.timedelta(days=int(rng.integers(30, 900)))
            expires = completed.replace(year=completed.year + years) if years else None
            if expires is not None and completed.month == 2 and completed.day == 29:
                expires = completed + dt.timedelta(days=365 * years)
            volunteer_training_add(actor=manager, profile=profile, course=course, completed_on=completed,
                                   expires_on=expires)
        made += 1
    return made


@transaction.atomic
def meetings_ensure(*, volunteer: Any, officer: Any, today: dt.date, every_days: int = 14) -> int:
    """Meeting notes every ``every_days`` since each open assignment began (for assignments with no
    notes yet), the last with a concern for one person; the officer reviews all but the latest.
    Returns the number of notes written."""
    written = 0
    assignments = (VolunteerAssignment.objects.filter(volunteer=volunteer, ended_on__isnull=True)
                   .select_related("person").order_by("pk"))
    for n, assignment in enumerate(assignments):
        if VolunteerMeeting.objects.filter(assignment=assignment).exists():
            continue
        days = []
        day = today - dt.timedelta(days=2 + n)
        while day >= assignment.starts_on:
            days.append(day)
            day -= dt.timedelta(days=every_days)
        for k, met_on in enumerate(reversed(days)):
            latest = k == len(days) - 1
            concern = latest and n == 0
            note = CONCERN_NOTE if concern else MEETING_NOTES[(n + k) % len(MEETING_NOTES)]
            meeting = volunteer_meeting_record(actor=volunteer, assignment=assignment, met_on=met_on, note=note,
                                               concern=concern)
            if not latest:
                volunteer_meeting_review(actor=officer, meeting=meeting, review_note=REVIEW_NOTE if k % 2 else "")
            written += 1
    return written
