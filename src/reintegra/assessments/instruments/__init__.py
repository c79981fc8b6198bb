"""The instrument engine: definition files in, scores with explanations out (pure Python, no DB).

Everything other apps need is re-exported here: ``from reintegra.assessments.instruments import ...``.
"""
from __future__ import annotations

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
from .text import Text, en, tr

__all__ = [
    "Band", "Calculator", "CalculatorResult", "Contribution", "DefinitionError", "Domain", "Flag", "Instrument", "Item",
    "Option", "Reassessment", "Scale", "ScoreBin", "Section", "SectionProgress", "ShowIf",
    "StrengthCategory", "Text", "calculator_get", "calculator_names", "clear_caches",
    "definition_files", "en", "instrument_dirs", "instrument_get", "instruments_all",
    "register_calculator", "tr", "unregister_calculator", "version_key",
]
