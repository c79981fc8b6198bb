"""Release preparation of the synthetic people serving a sentence."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from reintegra.core.models import RecordVersion
from reintegra.justice.models import CustodyEpisode
from reintegra.people.models import TimelineEvent
from reintegra.reentry.choices import ChecklistState, OwnerKind, PathwayStatus
from reintegra.reentry.models import ChecklistItem, PathwayAction, PathwayEvidence, PathwayRecord, ReleasePreparation
from reintegra.synth import services
from reintegra.synth.release import _earliest

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 31)


def test_everyone_serving_a_sentence_has_a_preparation_more_complete_nearer_release() -> None:
    services.synth_run(persons=500, seed=6, today=TODAY, batch_size=250)
    serving = {e.person_id: e for e in CustodyEpisode.objects.filter(
        released_on__isnull=True, kind="sentenced").select_related("disposition")}
    records = list(ReleasePreparation.objects.select_related("episode"))
    assert serving and {r.person_id for r in records} == set(serving)
    resolved: dict[bool, list[float]] = {True: [], False: []}
    for record in records:
        assert record.episode.disposition_id == serving[record.person_id].disposition_id
        assert record.episode.admitted_on <= serving[record.person_id].admitted_on
        pathways = list(PathwayRecord.objects.filter(preparation=record))
        assert len(pathways) == 8 and ChecklistItem.objects.filter(preparation=record).count() == 5
        settled = [p for p in pathways if p.status != PathwayStatus.NOT_ASSESSED]
        near = _earliest(serving[record.person_id]) - TODAY.toordinal() <= 90
        needing = [p for p in settled if p.status != PathwayStatus.NO_NEED]
        if needing:
            resolved[near].append(sum(p.status == PathwayStatus.RESOLVED for p in needing) / len(needing))
        for p in needing:
            assert p.needs and PathwayAction.objects.filter(pathway=p).exists()
    assert resolved[True] and resolved[False]
    assert sum(resolved[True]) / len(resolved[True]) > sum(resolved[False]) / len(resolved[False])
    for action in PathwayAction.objects.all():
        assert action.owner_kind == OwnerKind.PERSON or action.owner_user_id or action.owner_organisation_id
    assert not PathwayEvidence.objects.filter(seen_on__gt=TODAY).exists()
    assert PathwayEvidence.objects.exists()
    waived = ChecklistItem.objects.filter(state=ChecklistState.WAIVED)
    assert all(item.waiver_reason for item in waived)
    assert RecordVersion.objects.filter(content_type__model="releasepreparation").count() == len(records)
    kinds = Counter(TimelineEvent.objects.filter(source_app="reentry").values_list("kind", flat=True))
    assert kinds["release.preparation_opened"] == len(records)
