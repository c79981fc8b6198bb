"""Pages of the assessments app: each parses its input, calls one service or selector and renders."""
from __future__ import annotations

from reintegra.assessments.views.due import due_list
from reintegra.assessments.views.form import autosave, detail, discard, save
from reintegra.assessments.views.result import correct, countersign, override
from reintegra.assessments.views.start import person_list, start

__all__ = ["autosave", "correct", "countersign", "detail", "discard", "due_list", "override", "person_list", "save", "start"]
