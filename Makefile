# Harbour: `make run` sets up and runs the demo; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_ENV := HARBOUR_DEBUG=true HARBOUR_DEMO=true HARBOUR_SECRET_KEY_FILE=var/secret_key

.PHONY: run serve install test test-browser lint messages bench migrations-check openapi clean

run: install var/secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py compile_catalogues
	$(DEMO_ENV) $(PY) manage.py demo_data
	@echo ""
	@echo "Harbour is at http://127.0.0.1:8000  (staff: http://127.0.0.1:8000/staff/)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Production server: gunicorn (pinned) with config/gunicorn.py; needs the production
# environment (HARBOUR_SECRET_KEY, DATABASE_URL, HARBOUR_ALLOWED_HOSTS, ...). README: Serving.
serve: install
	$(PY) manage.py serve

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key

# The whole suite; DATABASE_URL=postgres://… runs it on PostgreSQL.
test: install
	mkdir -p var
	$(PY) manage.py compile_catalogues --settings=config.test_settings
	$(PY) -m pytest

test-browser: install
	$(PY) -m pytest -m browser

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run --settings=config.test_settings

messages: install
	# The root catalogue (locale/) holds the apps without a locale/ of their own; each app
	# with one keeps its own strings. File-only locations keep parallel branches' diffs small.
	own=$$(for d in harbour/*/locale; do printf -- '--ignore=%s/* ' "$${d%/locale}"; done); \
	$(PY) manage.py makemessages --settings=config.test_settings -l ar -l es --no-obsolete \
	  --add-location=file --ignore=.venv --ignore=var --ignore=tests --ignore=bench $$own
	for dir in harbour/*/; do \
	  if [ -d "$$dir/locale" ]; then \
	    (cd $$dir && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --settings=config.test_settings \
	      -l ar -l es --no-obsolete --add-location=file); \
	  fi; \
	done
	$(PY) manage.py compile_catalogues --settings=config.test_settings --force

openapi: install
	$(PY) tools/openapi_snapshot.py

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/test.sqlite3
