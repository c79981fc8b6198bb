"""Python calculators for the published actuarial tools (OGRS3, PSA).

Importing this package registers every calculator with the instrument registry, so definition
files can say ``calculator: ogrs3`` (and ``ogrs3_one_year``, ``psa_nca``, ``psa_fta``,
``psa_nvca``). The registry imports it before it resolves the first calculator name.
"""
from __future__ import annotations

from reintegra.assessments.instruments.registry import register_calculator

from . import ogrs3, psa

for _name, _fn in {**ogrs3.CALCULATORS, **psa.CALCULATORS}.items():
    register_calculator(_name, _fn)

__all__ = ["ogrs3", "psa"]
