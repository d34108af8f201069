# WithUs — the two set-up commands are `make run` and `make test`; `make install` is shared by both.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STATIC_BUILD := withus/static_build
NHSUK_DIST := node_modules/nhsuk-frontend/dist/nhsuk
DEMO_SIGN_INS := admin lead qi finance staff amara ben chen
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt

.PHONY: help install assets run migrate seed test lint test-python test-postgres test-browser smoke-production audit lock clean messages \
	bench-spc bench-register

help:
	@echo "make run   - install, build assets, migrate, load the demo trust and serve on http://127.0.0.1:8000"
	@echo "make test  - lint, import contracts, migrations check and the whole test suite"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when a lock file changes. Development gets both locks: what runs in production and the tools.
$(VENV)/.installed: $(RUNTIME_LOCK) $(DEV_LOCK) pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --disable-pip-version-check "pip==26.3"
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r $(RUNTIME_LOCK) -r $(DEV_LOCK)
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e ./spc  # the SPC engine library (withus_spc), outside the lock; numpy is in the lock
	touch $@

# Production: the runtime lock only (no pytest, Playwright, ruff or pip-tools) and no npm. The assets are built
# beforehand (`make assets`, where Node is) and collected with collectstatic; see the README.
.PHONY: install-production
install-production: | $(VENV)/bin/python
	$(PIP) install --quiet --disable-pip-version-check "pip==26.3"
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r $(RUNTIME_LOCK)
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PIP) install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e ./spc

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed assets

# Rebuilt only when node_modules, the WithUs stylesheet or this Makefile changes (not on every `make test`).
assets: $(STATIC_BUILD)/.copied $(STATIC_BUILD)/withus/withus.css

$(STATIC_BUILD)/.copied: node_modules/.installed Makefile
	mkdir -p $(STATIC_BUILD)/nhsuk
	cp -R $(NHSUK_DIST)/assets/. $(STATIC_BUILD)/nhsuk/
	cp $(NHSUK_DIST)/nhsuk-frontend.min.js $(NHSUK_DIST)/nhsuk-frontend.min.js.map $(STATIC_BUILD)/nhsuk/
	mkdir -p $(STATIC_BUILD)/vega/vega-util
	# Each script's source map goes with it: the production static storage refuses a reference to a missing file.
	cp node_modules/vega/build/vega.min.js \
		node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-lite/build/vega-lite.min.js.map \
		node_modules/vega-embed/build/vega-embed.min.js node_modules/vega-embed/build/vega-embed.min.js.map \
		node_modules/vega-interpreter/build/vega-interpreter.js node_modules/vega-interpreter/build/vega-interpreter.js.map \
		$(STATIC_BUILD)/vega/
	cp -R node_modules/vega-util/build/. $(STATIC_BUILD)/vega/vega-util/
	touch $@

$(STATIC_BUILD)/withus/withus.css: node_modules/.installed Makefile $(wildcard withus/core/assets/*.scss)
	mkdir -p $(STATIC_BUILD)/withus
	npm run --silent build:css

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	WITHUS_DEMO=1 $(MANAGE) seed_demo

run: seed
	@echo ""
	@echo "WithUs demo trust is ready. Sign in at http://127.0.0.1:8000 with password 'withus-demo' as:"
	@for who in $(DEMO_SIGN_INS); do echo "  $$who@demo.withus.local"; done
	@echo "Messages are sent by one background worker beside the web server (e-mails and text messages to this console)."
	@echo ""
	@if [ -n "$$WITHUS_MICROSOFT_DEMO" ]; then echo "Sign in with Microsoft uses the demo directory on 127.0.0.1:8765 (choose finance or admin)."; fi
	@WITHUS_DEMO=1 $(MANAGE) db_worker --interval 1 & worker=$$!; \
		provider=; if [ -n "$$WITHUS_MICROSOFT_DEMO" ]; then WITHUS_DEMO=1 $(MANAGE) microsoft_demo_provider & provider=$$!; fi; \
		trap 'kill $$worker $$provider 2>/dev/null' EXIT INT TERM; \
		WITHUS_DEMO=1 $(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint withus --lint
	$(VENV)/bin/djlint withus/accounts/jinja2/account --lint --extension html
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy --config-file spc/pyproject.toml spc/withus_spc
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --recursive withus
	$(PY) scripts/check_nhsuk_pair.py
	$(PY) scripts/lint_model_usage_in_views.py withus
	$(PY) scripts/lint_involvement_writes.py withus tests

# pytest exits 5 when it collects no tests: treat that as a failure, never a pass.
define run_pytest
	$(VENV)/bin/pytest $(1); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status
endef

# The migrations check (makemigrations --check) is a test: withus/core/tests/test_migrations.py.
test-python: install
	@$(call run_pytest,-n 2)

test: lint test-python

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/withus} $(MAKE) --no-print-directory test-python

test-browser: install
	@$(call run_pytest,-m browser tests/browser -p no:xdist)

# The README's production deployment for real: production settings, collectstatic, gunicorn on 127.0.0.1, four
# roles signed in through the proxy headers (tests/smoke/production_smoke.py). Needs PostgreSQL and Redis.
smoke-production: install
	$(PY) tests/smoke/production_smoke.py

# Known advisories in the locked Python and npm packages, where an advisory service can be reached (not in CI or
# `make test`: they need one). --strict: a package pip-audit could not check fails the run, never a silent pass.
# WITHUS_OSV_URL points pip-audit at an OSV mirror instead (e.g. one on 127.0.0.1 serving an advisory snapshot).
# requirements/dev.txt holds every runtime package too, at the same versions as requirements/runtime.txt.
audit: install
	@status=0; \
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r $(DEV_LOCK) \
		$(if $(WITHUS_OSV_URL),--vulnerability-service osv --osv-url $(WITHUS_OSV_URL)) \
		|| { status=1; echo "pip-audit: advisories found, or the advisory service could not check every package."; }; \
	npm audit --omit=optional \
		|| { status=1; echo "npm audit: advisories found, or the registry's advisory service could not be reached."; }; \
	exit $$status

# Two hash-checked locks from pyproject.toml: the runtime dependencies, then the dev extra constrained by them
# (so both agree on every shared package).
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links \
	--strip-extras --allow-unsafe

lock: $(VENV)/bin/python
	$(PIP) install --quiet "pip-tools==7.6.2"
	$(PIP_COMPILE) --build-deps-for editable -o $(RUNTIME_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint $(RUNTIME_LOCK) -o $(DEV_LOCK) pyproject.toml

# Translations (issue 26): extract the marked strings from Jinja and Python with Babel, bring every language's
# catalogue up to date (new strings are left empty and show in English), and compile. A test fails when the
# catalogue is behind the code.
TRANSLATED_LANGUAGES := bn ur so tr pl
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k gettext_lazy -k gettext_noop -k gettext -k ngettext:1,2 \
		--no-location --sort-output --omit-header --no-wrap -o withus/locale/django.pot .
	for language in $(TRANSLATED_LANGUAGES); do \
		$(VENV)/bin/pybabel update -D django -d withus/locale -l $$language -i withus/locale/django.pot \
			--init-missing --no-fuzzy-matching --no-wrap --ignore-obsolete --ignore-pot-creation-date || exit 1; \
	done
	$(VENV)/bin/pybabel compile -D django -d withus/locale --statistics

clean:
	rm -rf $(VENV) node_modules $(STATIC_BUILD) var

# Benchmarks (not tests): figures go in docs/benchmarks.md.
BENCH_VENV := var/bench-venv

bench-spc: install
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --require-hashes -r $(RUNTIME_LOCK)
	$(BENCH_VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	$(BENCH_VENV)/bin/pip install --quiet -e ".[spc-peers]"
	$(BENCH_VENV)/bin/python benchmarks/spc_peers.py

bench-register: install
	$(PY) benchmarks/register_page.py
