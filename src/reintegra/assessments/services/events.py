"""Timeline events of assessments: what the person's timeline says, never the answers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy

from reintegra.assessments.models import Assessment
from reintegra.people.services import timeline_record

SOURCE_APP = "assessments"

# params: "instrument" is the instrument's title as written in the definition (a text in several
# languages, rendered in the reader's language), "band" a band code (shown as its label).
TIMELINE_KINDS = {
    "assessment.completed": gettext_lazy("%(instrument)s completed: %(band)s"),
    "assessment.override_proposed": gettext_lazy("%(instrument)s: band override to %(band)s proposed"),
    "assessment.override_countersigned": gettext_lazy("%(instrument)s: band override to %(band)s countersigned"),
    "assessment.override_refused": gettext_lazy("%(instrument)s: band override to %(band)s refused"),
}


def assessment_event(*, assessment: Assessment, kind: str, band: str, actor: Any,
                     occurred_on: dt.date | None = None) -> None:
    """Record ``kind`` on the person's timeline, naming the instrument and a band only."""
    from django.utils import timezone

    timeline_record(
        person=assessment.person, kind=kind, occurred_on=occurred_on or timezone.localdate(),
        source_app=SOURCE_APP, params={"instrument": assessment.instrument.title, "band": band},
        obj=assessment, actor=actor,
    )
