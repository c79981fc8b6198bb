"""Reads over synthetic data: the realised reoffending rate, measured from the stored records."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from reintegra.justice.choices import ChargeOutcome
from reintegra.justice.models import Charge
from reintegra.synth.models import SynthRun, SyntheticProfile
from reintegra.synth.outcomes import FOLLOW_UP_DAYS, WAITING_DAYS

PROVEN = (ChargeOutcome.CONVICTED, ChargeOutcome.CAUTIONED)
_CHUNK = 2000


def two_year_reoffending(*, today: dt.date, run: SynthRun | None = None) -> tuple[int, int]:
    """(cohort size, proven reoffenders) by the two-year proven-reoffending definition.

    Cohort: synthetic people whose index follow-up started (release from custody, start of the
    court order, or the decision for a fine or discharge) at least two years and six months
    before ``today``. Reoffender: a charge for an offence committed in the two years after the
    follow-up start that led to a conviction or caution within those two years or a further six
    months. Read from the stored justice record (charges and cases), not from the generator's
    own counts, so it checks what was actually written.
    """
    latest_start = today - dt.timedelta(days=FOLLOW_UP_DAYS + WAITING_DAYS)
    profiles = SyntheticProfile.objects.filter(followup_start__isnull=False, followup_start__lte=latest_start)
    if run is not None:
        profiles = profiles.filter(run=run)
    rows = list(profiles.order_by("person_id").values_list("person_id", "followup_start"))
    reoffenders = 0
    for start in range(0, len(rows), _CHUNK):
        chunk = dict(rows[start:start + _CHUNK])
        charges: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for person_id, offence_on, outcome_on in Charge.objects.filter(
            case__person_id__in=list(chunk), outcome__in=PROVEN, voided_at__isnull=True, case__voided_at__isnull=True,
        ).values_list("case__person_id", "offence_date", "outcome_date"):
            charges[person_id].append((offence_on, outcome_on))
        for person_id, follow in chunk.items():
            window_end = follow + dt.timedelta(days=FOLLOW_UP_DAYS)
            proof_end = window_end + dt.timedelta(days=WAITING_DAYS)
            if any(follow < offence_on <= window_end and outcome_on is not None and outcome_on <= proof_end
                   for offence_on, outcome_on in charges.get(person_id, ())):
                reoffenders += 1
    return len(rows), reoffenders
