"""The instrument engine: definition files in, scores with explanations out (pure Python, no DB).

Everything other apps need is re-exported here: ``from reintegra.assessments.instruments import ...``.
"""
from __future__ import annotations

from .engine import (
    TEXT_MAX_LENGTH,
    clean_answer,
    clean_answers,
    missing_required,
    progress,
    score,
    score_completed,
    visible_items,
)
from .loader import content_sha256, instrument_from_dict, load_definition
from .model import (
    Band,
    Calculator,
    CalculatorResult,
    Contribution,
    DefinitionError,
    Domain,
    Flag,
    Instrument,
    Item,
    Option,
    Reassessment,
    Scale,
    ScoreBin,
    Section,
    SectionProgress,
    ShowIf,
    StrengthCategory,
)
from .registry import (
    calculator_get,
    calculator_names,
    clear_caches,
    definition_files,
    instrument_dirs,
    instrument_get,
    instruments_all,
    register_calculator,
    unregister_calculator,
    version_key,
)
from .result import DomainResult, FlagResult, ItemContribution, Result, ScaleResult, StrengthResult, with_item_texts
from .schema import SCHEMA, SCHEMA_ID
from .text import Text, en, tr

__all__ = [
    "SCHEMA", "SCHEMA_ID", "TEXT_MAX_LENGTH", "clean_answer", "clean_answers", "content_sha256",
    "instrument_from_dict", "load_definition", "missing_required", "progress", "score", "score_completed",
    "visible_items",
    "DomainResult", "FlagResult", "ItemContribution", "Result", "ScaleResult", "StrengthResult",
    "Band", "Calculator", "CalculatorResult", "Contribution", "DefinitionError", "Domain", "Flag", "Instrument", "Item",
    "Option", "Reassessment", "Scale", "ScoreBin", "Section", "SectionProgress", "ShowIf",
    "StrengthCategory", "Text", "calculator_get", "calculator_names", "clear_caches",
    "definition_files", "en", "instrument_dirs", "instrument_get", "instruments_all",
    "register_calculator", "tr", "unregister_calculator", "version_key", "with_item_texts",
]
