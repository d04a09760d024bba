# Ortaq: `make run` and `make test` do all set-up on a fresh machine (README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?= -n auto --dist loadgroup  # pytest-xdist: one worker per core, tests/demo on one (it seeds once) (override: make test PYTEST_ARGS=)
APPS := network projects forums cms
WEB_CONCURRENCY ?= $(shell echo $$((2 * $$(nproc))))

.PHONY: run test serve bench lint lock format messages makemessages migrate seed venv clean audit audit-code audit-html

venv: $(VENV)/.installed

# Installs exactly what CI passed with: the hashed lock files, never the ranges (README "Dependencies").
# uv (itself pinned and hashed in the dev lock) installs them in ~10 s where pip takes ~70 s; pip does the same job
# if uv cannot be had.
$(VENV)/.installed: requirements.lock requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@awk '/^uv==/{p=1} p{print; if ($$0 !~ /\\$$/) exit}' requirements-dev.lock > $(VENV)/uv.lock
	( $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(VENV)/uv.lock \
	  && $(VENV)/bin/uv pip install --quiet --python $(PY) --require-hashes -r requirements-dev.lock ) \
	|| $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@touch $@

# Refresh both locks to the newest releases the ranges in requirements*.txt allow (then run the suite, commit all four).
UV := $(VENV)/bin/uv
lock: venv
	$(UV) pip compile --quiet --python-version 3.11 --generate-hashes --upgrade requirements.txt -o requirements.lock
	$(UV) pip compile --quiet --python-version 3.11 --generate-hashes --upgrade -c requirements.lock requirements-dev.txt -o requirements-dev.lock

# Compile the kk/ru catalogues (.mo files are built, never committed). Needs GNU gettext's msgfmt.
# Each run also compiles the project-wide locale/ (LOCALE_PATHS in settings).
messages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (apt-get install gettext)"; exit 1; }
	@for app in $(APPS); do if [ -d $$app/locale ]; then (cd $$app && ../$(PY) ../manage.py compilemessages -v0); fi; done

# Refresh the catalogues from the source after changing strings.
makemessages: venv
	@for app in $(APPS); do mkdir -p $$app/locale && (cd $$app && ../$(PY) ../manage.py makemessages -l kk -l ru --no-obsolete -v0); done

migrate: venv
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	$(PY) manage.py seed_demo

run: messages seed
	@echo "Ortaq: http://127.0.0.1:$(PORT)/  (demo password: ortaq-demo)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

# Production-like: gunicorn with WEB_CONCURRENCY uvicorn workers behind one address, 127.0.0.1:$(PORT)
# (config/gunicorn.conf.py, config/workers.py).
# Needs DATABASE_URL, REDIS_URL and DJANGO_SECRET_KEY (never invented here). Plain HTTP on 127.0.0.1: SSL redirect
# and Secure cookies are off unless the caller sets DJANGO_SECURE_SSL_REDIRECT / DJANGO_SECURE_COOKIES.
# New code without a refused connection: kill -HUP <gunicorn master pid>; stop: Ctrl-C or kill -TERM.
serve: messages
	@test -n "$$DATABASE_URL" || { echo "make serve: DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/ortaq)"; exit 1; }
	@test -n "$$REDIS_URL" || { echo "make serve: REDIS_URL is required (e.g. redis://127.0.0.1:6379/0)"; exit 1; }
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: DJANGO_SECRET_KEY is required and is never generated for production."; \
	  echo "  For a local run: export DJANGO_SECRET_KEY=\"\$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')\""; exit 1; }
	@export DJANGO_DEBUG=0 ORTAQ_PUBLIC_URL=$${ORTAQ_PUBLIC_URL:-http://$${HOST:-127.0.0.1}:$(PORT)} DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0}; \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py migrate --noinput -v0 && \
	  HOST=$${HOST:-127.0.0.1} PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) exec $(PY) -m gunicorn -c config/gunicorn.conf.py config.asgi:application

# The benches BENCHMARKS.md records, in one run (~15 minutes): fan-out against a bare Channels baseline, page server
# time and throughput, bytes on the wire, and the event day on `make serve` at a real day's pace. Longer runs: pass
# BENCH_FANOUT_ARGS="--readers 500,1000 --variants steady,churn,redis-restart", BENCH_PAGES_ARGS="--duration 10".
# BENCH_BASELINE: another site's home, index and article page (bakerydemo's, issue 19 item 4), set beside Ortaq's.
BENCH_FANOUT_ARGS ?=
BENCH_PAGES_ARGS ?=
BENCH_EVENT_ARGS ?= --serve --workers 2
BENCH_BASELINE ?=
bench: venv messages
	@command -v wrk >/dev/null || { echo "bench: installing wrk from Debian"; \
	  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null 2>&1)) \
	  || { echo "bench: could not install wrk (apt-get install wrk); bench/pages.py needs it"; exit 1; }; }
	@echo "== bench/fanout.py =="; $(PY) bench/fanout.py $(BENCH_FANOUT_ARGS)
	@echo "== bench/pages.py =="; $(PY) bench/pages.py --skip-setup $(BENCH_PAGES_ARGS) \
	  $(if $(BENCH_BASELINE),--baseline $(BENCH_BASELINE))
	@echo "== bench/weight.py =="; $(PY) bench/weight.py --serve
	@if [ -f bench/event_day.py ]; then echo "== bench/event_day.py =="; $(PY) bench/event_day.py $(BENCH_EVENT_ARGS); \
	  else echo "== bench/event_day.py: not in this tree (the event-day bench lands with issue 13) =="; fi

lint: venv
	$(PY) ops/check_lock.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/lint-imports --no-cache  # .importlinter: network <- projects <- forums <- cms, config above all
	$(PY) ops/check_sizes.py

# Security audit (README "Security and operations"): bandit fails on any medium/high finding in our code; then
# pip-audit on the installed packages, which says "dependencies NOT audited" when its vulnerability data is out of reach.
AUDIT_PATHS := config network projects forums cms ops bench manage.py
audit-code: venv
	$(VENV)/bin/bandit -c bandit.yaml -r $(AUDIT_PATHS) --severity-level medium

# The Nu HTML Checker over ~20 public and signed-in demo pages rendered by the test client (tests/test_html_valid.py,
# marked `audit`: never in `make test` or CI, ~6 minutes). vnu-jar comes from the npm registry into .cache/vnu
# (git-ignored); it needs Java (Debian: apt-get install default-jre-headless) and npm.
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	@command -v npm >/dev/null || { echo "audit-html: npm not found (apt-get install npm)"; exit 1; }
	mkdir -p .cache/vnu && cd .cache/vnu && npm install --no-audit --no-fund --silent vnu-jar
audit-html: venv messages $(VNU_JAR)
	@command -v java >/dev/null || { echo "audit-html: java not found (apt-get install default-jre-headless)"; exit 1; }
	$(PY) -m pytest -q -p no:randomly -n 0 -m audit tests/test_html_valid.py

audit: audit-code audit-html
	$(PY) ops/audit_deps.py

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .test-db*.sqlite3

# Backups (README "Security and operations"): database + media in backups/ortaq-YYYYmmdd-HHMMSS.tar.gz.
# `make restore ARCHIVE=backups/ortaq-….tar.gz` loads one into an EMPTY database (DATABASE_URL) and media folder.
.PHONY: backup restore
backup: venv
	$(PY) ops/backup.py backup --dir backups

restore: venv
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/ortaq-YYYYmmdd-HHMMSS.tar.gz"; exit 1; }
	$(PY) ops/backup.py restore $(ARCHIVE)
