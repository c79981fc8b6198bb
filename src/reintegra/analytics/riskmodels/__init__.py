"""The numerical core of the risk models: metrics, validation, fairness and model families.

Nothing here imports Django, so the same code runs in the app, the management commands and the
benchmarks, and can be checked against scikit-learn in isolation.
"""
