"""Run pytest and treat "no tests collected" (exit code 5) as a failure, as CI must."""
from __future__ import annotations

import sys

import pytest

NO_TESTS_COLLECTED = 5

if __name__ == "__main__":
    code = pytest.main(sys.argv[1:])
    if code == NO_TESTS_COLLECTED:
        print("pytest collected no tests: failing the run.", file=sys.stderr)
        code = 1
    sys.exit(int(code))
