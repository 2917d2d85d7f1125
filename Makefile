# Harbour: `make run` sets up and runs the demo; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# The demo runs as the real thing would (no debug pages: a translated 404 with quick exit),
# on plain http on this machine only: hence cookies without the Secure flag, mail to the console,
# and runserver --insecure, which serves the static files Django leaves to a web server when
# debug is off.
DEMO_ENV := HARBOUR_DEMO=true HARBOUR_SECRET_KEY_FILE=var/secret_key HARBOUR_ALLOWED_HOSTS=127.0.0.1,localhost \
  HARBOUR_SECURE_COOKIES=false HARBOUR_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend

.PHONY: run serve install test test-browser test-a11y-all lint messages bench migrations-check openapi clean

run: install var/secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py compile_catalogues
	umask 077 && $(DEMO_ENV) $(PY) manage.py demo_data > var/demo-run.txt && cat var/demo-run.txt
	@# The recovery keys and the status code exist once, at the first run: keep them, show them again.
	@if grep -q "recovery keys" var/demo-run.txt; then cp var/demo-run.txt var/demo-first-run.txt; \
	elif [ -f var/demo-first-run.txt ]; then echo ""; \
	  echo "From the first run (kept in var/demo-first-run.txt):"; \
	  sed -n -e '/recovery keys/,/^Directory/{/^Directory/!p;}' -e '/Demo help request/,$$p' var/demo-first-run.txt; \
	else echo ""; echo "The recovery keys and the demo status code were shown when var/harbour.sqlite3 was created."; \
	  echo "To see them again, delete var/harbour.sqlite3 and run make run again."; fi
	@echo ""
	@echo "Harbour is at http://127.0.0.1:$(PORT)  (staff: http://127.0.0.1:$(PORT)/staff/)"
	$(DEMO_ENV) $(PY) manage.py runserver --insecure 127.0.0.1:$(PORT)

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

# The public accessibility sweeps in every language of settings.LANGUAGES (make test opens one
# language of each script and direction; tests/web/a11y.py SWEEP_LANGUAGES; CI splits every
# language between its two passes).
test-a11y-all: install
	HARBOUR_A11Y_LANGUAGES=all $(PY) -m pytest tests/web/test_accessibility.py

lint: install
	$(VENV)/bin/ruff check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run --settings=config.test_settings

# Every language of settings.LANGUAGES but English, as makemessages options: -l ar -l es -l fa_AF ...
MESSAGE_LOCALES = $(shell DJANGO_SETTINGS_MODULE=config.test_settings $(PY) -c 'from django.conf import settings; \
  from django.utils.translation import to_locale; \
  print(" ".join("-l " + to_locale(c) for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE))')

messages: install
	# The root catalogue (locale/) holds the apps without a locale/ of their own; each app
	# with one keeps its own strings. File-only locations keep parallel branches' diffs small.
	own=$$(for d in harbour/*/locale; do printf -- '--ignore=%s/* ' "$${d%/locale}"; done); \
	HARBOUR_EXTRACTING_MESSAGES=true $(PY) manage.py makemessages --settings=config.test_settings $(MESSAGE_LOCALES) --no-obsolete \
	  --add-location=file --ignore=.venv --ignore=var --ignore=tests --ignore=bench $$own
	for dir in harbour/*/; do \
	  if [ -d "$$dir/locale" ]; then \
	    (cd $$dir && HARBOUR_EXTRACTING_MESSAGES=true $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --settings=config.test_settings \
	      $(MESSAGE_LOCALES) --no-obsolete --add-location=file); \
	  fi; \
	done
	$(PY) manage.py compile_catalogues --settings=config.test_settings --force

openapi: install
	$(PY) tools/openapi_snapshot.py

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/test.sqlite3
