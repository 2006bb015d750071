# GreenGate: `make run` sets up and serves the demo; `make test` sets up and runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint unit e2e chromium libreoffice install install-dev env messages clean-var worker beat audit contracts

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A local .env for development: DEBUG on and a random secret key. Never used in production.
.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env (DEBUG=1, a random SECRET_KEY) for local use."

messages: install
	@if command -v msgfmt >/dev/null; then DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi

# Links in emails (invitations, notifications) point at the server this starts, unless SITE_URL
# is set already: a demo on another port sends working links.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install .env messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_default_questionnaire
	$(PY) manage.py load_demo_data
	@bash scripts/run.sh "$(HOST)" "$(PORT)"

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy config core suppliers assessments
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

# The committed contracts (URL names and paths, task names, docs/openapi.yaml), regenerated after an
# intended change so that it shows in review; tests/test_contracts.py fails when they are stale.
contracts: install-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) tests/contracts/write.py

# Known vulnerabilities in the pinned requirements. --strict fails when a package could not be
# checked, so a vulnerability service that cannot be reached is a failure, not a pass.
audit: install-dev
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt -r requirements-dev.txt

unit: install-dev messages libreoffice
	$(VENV)/bin/pytest -m "not e2e"

chromium:
	@bash scripts/ensure-chromium.sh

libreoffice:
	@bash scripts/ensure-libreoffice.sh

e2e: install-dev messages chromium
	$(VENV)/bin/pytest -m e2e

test: lint unit e2e
