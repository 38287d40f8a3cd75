# Consortium: `make run` serves the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
MUTATE_STAMP := $(VENV)/.installed-mutate

.PHONY: run test lint unit e2e install install-test translations catalogs db clean mutate bench audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(MUTATE_STAMP): pyproject.toml $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $@

install: $(STAMP)
install-test: $(TEST_STAMP)

catalogs: $(STAMP)
	$(BIN)/python -m babel.messages.frontend compile -d translations

db: catalogs
	mkdir -p instance
	$(FLASK) db upgrade

run: db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/bandit -q -r consortium -ll

# Known vulnerabilities in the installed packages (needs the vulnerability database online:
# PyPI's JSON API, as pip-audit queries it by default).
audit: $(TEST_STAMP)
	$(BIN)/pip-audit --skip-editable --progress-spinner off

# Coverage is measured on the SQLite run; its floor is [tool.coverage.report] fail_under.
# The suite runs on every core (pytest-xdist; each worker has its own PostgreSQL database).
WORKERS ?= auto
unit: $(TEST_STAMP) catalogs
	rm -f .coverage .coverage.*
	env -u TEST_DATABASE_URL $(BIN)/coverage run -m pytest -q -n $(WORKERS)
	$(BIN)/coverage combine -q
	$(BIN)/coverage report --skip-covered
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
	  $(BIN)/python -m pytest -q -n $(WORKERS); \
	else echo "TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi

test: lint unit

# The browser suite: Debian's Chromium, axe-core and the Nu HTML Checker (see tests_e2e/).
e2e: $(TEST_STAMP) catalogs
	bash scripts/e2e-setup.sh
	$(BIN)/python -m pytest tests_e2e -q -rfE

# Mutation testing of the policies, core and i18n, outside `make test` and CI; what it
# mutates and runs is [tool.mutmut] in pyproject.toml, the last score docs/mutation.md.
# Each run starts afresh: mutants/ keeps stale copies of files that have changed.
mutate: $(MUTATE_STAMP) catalogs
	rm -rf mutants
	env -u TEST_DATABASE_URL $(BIN)/mutmut run
	$(BIN)/python scripts/mutation_score.py

# The benchmark (issue 13; BENCHMARKS.md): a generated data set served by gunicorn, every page
# measured in interleaved rounds with wrk. Outside `make test` and CI. About 8 minutes for S.
BENCH_SIZE ?= S
BENCH_DB ?= postgresql
BENCH_ARGS ?=
bench: $(STAMP) catalogs
	@command -v wrk >/dev/null || apt-get install -y wrk || sudo apt-get install -y wrk
	@$(BIN)/python -c 'import matplotlib, pyinstrument' 2>/dev/null || $(BIN)/python -m pip install --quiet matplotlib pyinstrument || true
	$(BIN)/python bench/run.py --size $(BENCH_SIZE) --db $(BENCH_DB) $(BENCH_ARGS)

# Load and fault drills (issue 13; bench/loadtest/run.py, README "Backup, restore and load
# drills"): private PostgreSQL, Redis and SMTP servers, so that nothing shared is stopped.
# Installs what it lacks; outside `make test` and CI. About 10 minutes.
# LOADTEST_ARGS: e.g. --users 10 --seconds 30 --mail-down 30.
.PHONY: loadtest backup
LOADTEST_ARGS ?=
LOADTEST_APT := postgresql-15 postgresql-client-15 redis-server wrk
loadtest: $(STAMP) catalogs
	@missing=""; for p in $(LOADTEST_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  [ -z "$$missing" ] || apt-get install -y $$missing || (apt-get update && apt-get install -y $$missing)
	@$(BIN)/python -c 'import locust, aiosmtpd' 2>/dev/null || $(BIN)/python -m pip install --quiet locust aiosmtpd
	$(BIN)/python bench/loadtest/run.py $(LOADTEST_ARGS)

# DATABASE_URL's database (pg_dump, or SQLite's online backup API) into backups/, or into
# BACKUP_OUT. Restoring: README "Backup, restore and load drills".
BACKUP_OUT ?=
backup: $(STAMP)
	$(BIN)/python bench/loadtest/backup.py $(if $(BACKUP_OUT),--out $(BACKUP_OUT))

translations: $(STAMP)
	$(FLASK) translate update

# Two app hosts behind nginx (issue 13; bench/scaleout/run.py, README "Growing past one
# machine"): network namespaces, so it runs as root. Installs what it lacks; outside
# `make test` and CI. About 2 minutes. SCALEOUT_ARGS: e.g. --seconds 60 --mails 1000.
.PHONY: scaleout
SCALEOUT_ARGS ?=
SCALEOUT_APT := nginx openssl iproute2 redis-server postgresql-15
SCALEOUT_SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
scaleout: $(STAMP) catalogs
	@command -v nginx >/dev/null && command -v openssl >/dev/null && command -v ip >/dev/null \
	  && command -v redis-server >/dev/null && test -x /usr/lib/postgresql/15/bin/initdb \
	  || $(SCALEOUT_SUDO) apt-get install -y $(SCALEOUT_APT) \
	  || ($(SCALEOUT_SUDO) apt-get update && $(SCALEOUT_SUDO) apt-get install -y $(SCALEOUT_APT))
	@$(BIN)/python -c 'import aiosmtpd, requests' 2>/dev/null \
	  || $(BIN)/python -m pip install --quiet aiosmtpd requests
	$(SCALEOUT_SUDO) $(BIN)/python bench/scaleout/run.py $(SCALEOUT_ARGS)

clean:
	rm -rf $(VENV) build e2e-artifacts
