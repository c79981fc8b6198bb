# Two commands from a fresh clone: `make demo` and `make test`. Only Python 3.11, make and git are needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_PERSONS ?= 2500
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres lint messages clean help

help:
	@echo "make demo   build the environment, migrate, seed a synthetic jurisdiction and serve it"
	@echo "make test   build the environment and run the whole test suite"

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Demo mode: plain http on localhost and no second factor, so the printed logins work at once.
demo: $(STAMP)
	REINTEGRA_DEMO=1 $(BIN)/reintegra demo --persons $(DEMO_PERSONS) --host $(HOST) --port $(PORT)

# The suite runs on SQLite (the PostgreSQL variables are unset for that pass), then again on
# PostgreSQL when TEST_DATABASE_URL names one; REINTEGRA_REQUIRE_POSTGRES (set by .ci/run) makes a
# missing TEST_DATABASE_URL a failure instead of a skipped pass.
test: $(STAMP)
	$(BIN)/lint-imports --config pyproject.toml
	env -u TEST_DATABASE_URL -u REINTEGRA_REQUIRE_POSTGRES $(BIN)/python scripts/run_pytest.py
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL) =="; \
		REINTEGRA_SKIP_BROWSER=1 $(BIN)/python scripts/run_pytest.py; \
	elif [ -n "$$REINTEGRA_REQUIRE_POSTGRES" ]; then \
		echo "REINTEGRA_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is empty: the PostgreSQL pass cannot run." >&2; \
		exit 1; \
	fi

messages: $(STAMP)
	cd src/reintegra && ../../$(BIN)/reintegra makemessages -l es --ignore "static/*" && ../../$(BIN)/reintegra compilemessages

clean:
	rm -rf $(VENV)
