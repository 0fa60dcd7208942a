# S&OP Communication Planner — developer and CI entry points (GNU make).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV = .venv
PY = $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?= -n auto

# Settings used by the manage.py checks in `make test` (pytest reads pyproject.toml).
TEST_ENV = DJANGO_SETTINGS_MODULE=config.settings.test

CELERY_WORKER = $(VENV)/bin/celery -A config.celery_app worker --loglevel=INFO --concurrency=1
CELERY_BEAT = $(VENV)/bin/celery -A config.celery_app beat --loglevel=INFO --schedule var/celerybeat-schedule

.PHONY: help install install-run run test lint fmt worker beat bench loadtest loadtest-feedback lighthouse messages clean dirs

help:
	@echo "make install   create $(VENV) and install the pinned requirements"
	@echo "make run       migrate, seed demo data, start web + celery worker + beat (Ctrl-C stops all)"
	@echo "make test      ruff, Django checks, migration check, pytest (PYTEST_ARGS=... to pass options)"
	@echo "make lint      ruff check + format check"
	@echo "make fmt       ruff format + ruff check --fix"
	@echo "make worker    celery worker only"
	@echo "make beat      celery beat only"
	@echo 'make bench     run the benchmarks (ARGS="--only import" for one)'
	@echo "make loadtest  Locust: 50 people for 2 minutes against gunicorn + PostgreSQL (not in CI)"
	@echo "make loadtest-feedback  Locust: 200 anonymous pulse answers a second for 2 minutes"
	@echo "make lighthouse Lighthouse (mobile) on six pages, production settings + gunicorn (not in CI)"
	@echo "make messages  update and compile Danish translations"
	@echo "make clean     remove var/ and caches (keeps $(VENV))"

# Creates the virtualenv; the two stamps below install what running and what testing need.
$(PY):
	@echo "Creating virtualenv in $(VENV)"
	@if ! python3 -m venv "$(VENV)"; then \
	  rm -rf "$(VENV)"; \
	  echo "ERROR: 'python3 -m venv' failed. On Debian/Ubuntu install the venv module:" >&2; \
	  echo "         apt-get install python3-venv" >&2; \
	  exit 1; \
	fi

# Running the app needs only requirements.txt; the test tools come with `make test`.
$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed
install-run: $(VENV)/.installed-run

dirs:
	@mkdir -p var/mail var/celery

run: install-run dirs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py send_reminders
	@echo
	@echo "  S&OP Communication Planner: http://127.0.0.1:$(PORT)/"
	@echo "  Demo logins (user/password): manager/manager, owner/owner, executive/executive"
	@echo "  Outgoing emails (reminders) are written to var/mail/; beat sweeps every 15 minutes"
	@echo "  Ctrl-C stops the web server, the celery worker and celery beat."
	@echo
	@pids=(); \
	stop() { trap - INT TERM EXIT; kill -TERM "$${pids[@]}" 2>/dev/null || true; wait || true; }; \
	trap stop INT TERM EXIT; \
	$(PY) manage.py runserver 0.0.0.0:$(PORT) & pids+=($$!); \
	$(CELERY_WORKER) & pids+=($$!); \
	$(CELERY_BEAT) & pids+=($$!); \
	wait -n

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(PY) manage.py check
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install-run dirs
	$(CELERY_WORKER)

beat: install-run dirs
	$(CELERY_BEAT)

bench: install
	$(PY) manage.py bench $(ARGS)

# Needs PostgreSQL (LOADTEST_DATABASE_URL; its database is recreated). See .ci/loadtest.
loadtest: install
	bash .ci/loadtest

# Lighthouse from the npm registry, Chromium from the system. See .ci/lighthouse.
# The pulse (issue 19 §4): 200 anonymous responders a second; every answer stored once.
loadtest-feedback: install
	LOADTEST_FEEDBACK=1 bash .ci/loadtest

lighthouse: install
	bash .ci/lighthouse

messages: install
	$(PY) manage.py makemessages -l da --ignore=.venv --ignore=var --no-location
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var .pytest_cache .ruff_cache staticfiles test-results
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
