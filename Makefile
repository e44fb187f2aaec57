# Thinktank: `make run` to set up and serve the site, `make test` to run the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# `make e2e`: Playwright in the venv, axe-core and vnu-jar in node_modules, Debian's chromium and Java.
E2E_STAMP := $(VENV)/.e2e-installed-$(shell cat requirements-e2e.txt | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
# The production path, as on the CI machines: PostgreSQL and Redis on loopback.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

# `make serve`: the production profile on loopback (DEBUG off, gunicorn, hashed static
# files). Plain HTTP, so HTTPS-only settings are off; uploads served by Django; emails
# printed to the console unless EMAIL_BACKEND says otherwise. Serving uploads from the
# site's own origin is what `check --deploy` warns about; nothing here runs that check
# (migrate and collectstatic run only the ordinary ones), and on loopback it is harmless.
SERVE_ENV = DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-production-profile-$$(hostname)-not-for-the-internet} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
# A production-like environment for `manage.py check --deploy`: uploads on a domain of their own.
DEPLOY_ENV = DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=thinktank.example.org \
	DJANGO_MEDIA_URL=https://thinktank-media.example.net/media/ SITE_URL=https://thinktank.example.org

.PHONY: help install run serve varnish varnish-install test-varnish bench bench-render bench-hits bench-launch bench-mail loadcheck test test-postgres e2e chromium deploy-check lint format check clean migration-fixtures

help:
	@echo "make run     install, migrate, load the demo content and serve on http://$(HOST) (with a task worker and the scheduler)"
	@echo "make serve   the production profile: gunicorn (2 workers), a task worker, the scheduler, DEBUG off, on http://$(HOST)"
	@echo "make varnish the production profile behind Varnish on http://$(HOST) (gunicorn on $(VARNISH_BACKEND)), purged by tag"
	@echo "make bench   load 100,000 articles into PostgreSQL and benchmark the pages (≈5 min)"
	@echo "make bench-hits  cached pages beside a constant response (the floor), SQLite with the file cache and Redis"
	@echo "make bench-render  in-process render times of five pages, beside the baseline commit's (≈1 min)"
	@echo "make bench-launch  launch day on 100,000 articles: readers, writers and a stale checker, today's design and this one, direct and behind Varnish (≈40 min)"
	@echo "make bench-mail  one topic digest to 50,000 subscribers on PostgreSQL with two workers: messages/s, memory"
	@echo "make loadcheck  readers, staff and an editor at once on gunicorn for a minute: no 5xx, no lost writes"
	@echo "make test    run the whole test suite (with system and migration checks)"
	@echo "make test-postgres  the suite again on PostgreSQL and Redis ($(TEST_DATABASE_URL))"
	@echo "make test-varnish  the site behind a real Varnish: purges, bypasses, grace (installs Varnish)"
	@echo "make e2e     browser tests in Debian's Chromium: flows, console, CSP, axe, Nu HTML Checker (installs them)"
	@echo "make migration-fixtures  remake the old-release databases the upgrade tests migrate (rarely)"
	@echo "make lint    ruff check and format check, and the import layers (lint-imports)"
	@echo "make format  apply ruff formatting and safe fixes"

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo --accounts
	@echo "Serving on http://$(HOST)/  (admin: /admin/, user 'editor', password 'thinktank-demo')"
	@echo "With one background worker and the scheduler; Ctrl-C stops all three."
	DJANGO_DEBUG=1 $(PY) manage.py run_with_workers -- $(PY) manage.py runserver $(HOST)

serve: install
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_demo
	$(SERVE_ENV) $(PY) manage.py run_with_workers -- \
		$(VENV)/bin/gunicorn thinktank.wsgi --workers 2 --bind $(HOST) --access-logfile -

# `make varnish`: `make serve` behind Varnish (deploy/varnish/): Varnish answers on $(HOST),
# gunicorn on $(VARNISH_BACKEND); a change purges the pages showing it by tag, from the
# "frontcache" queue's own worker. Varnish adds one X-Forwarded-For entry: one trusted proxy.
VARNISH_BACKEND ?= 127.0.0.1:8001
VARNISH_ADMIN ?= 127.0.0.1:8002
VARNISH_ENV = FRONTCACHE_BACKEND=varnish FRONTCACHE_VARNISH_URLS=http://$(HOST) \
	DJANGO_TRUSTED_PROXY_COUNT=1 VARNISH_LISTEN=$(HOST) VARNISH_BACKEND=$(VARNISH_BACKEND) \
	VARNISH_ADMIN=$(VARNISH_ADMIN)

# Debian's Varnish 7 and varnish-modules (vmod_xkey, the purge by tag).
varnish-install:
	@command -v varnishd >/dev/null && dpkg -s varnish-modules >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules)

varnish: install varnish-install
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_demo
	$(SERVE_ENV) $(VARNISH_ENV) $(PY) manage.py run_with_workers --also deploy/varnish/start -- \
		$(VENV)/bin/gunicorn thinktank.wsgi --workers 2 --bind $(VARNISH_BACKEND) --access-logfile -

# The tests behind a real Varnish (tests/frontcache, marker `varnish`), on SQLite; with
# DATABASE_URL and REDIS_URL set, on PostgreSQL and Redis.
test-varnish: install varnish-install
	$(PY) -m pytest tests/frontcache -m varnish

# BENCH_ARGS, e.g. "--articles 5000 --duration 3", makes a quick run.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/hits.py $(BENCH_HITS_ARGS)
	$(PY) bench/render.py $(BENCH_RENDER_ARGS)

# Cached hits ÷ the /healthz floor, demo data on SQLite, file cache and Redis (≈2 min).
# BENCH_HITS_ARGS, e.g. "--duration 3 --redis-url redis://127.0.0.1:6379/14".
bench-hits: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/hits.py $(BENCH_HITS_ARGS)

# The in-process render times alone, beside the baseline commit's (a git worktree under var/).
# BENCH_RENDER_ARGS, e.g. "--repeats 50" or "--redis-url redis://127.0.0.1:6379/12".
bench-render: install
	$(PY) bench/render.py $(BENCH_RENDER_ARGS)

# BENCH_LAUNCH_ARGS, e.g. "--articles 5000 --warmup 5 --duration 20", makes a quick run;
# "--workers-class gthread --modes direct --designs new" runs one configuration.
bench-launch: install varnish-install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/launch.py $(BENCH_LAUNCH_ARGS)

# BENCH_MAIL_ARGS, e.g. "--subscribers 5000", makes a quick run; BENCH_DATABASE_URL names the database.
bench-mail: install
	$(PY) bench/mail.py $(BENCH_MAIL_ARGS)

# A scratch site (SQLite in a temporary folder; DATABASE_URL=postgres://… for PostgreSQL) under
# readers and writers at once. LOADCHECK_ARGS, e.g. "--duration 10 --readers 8".
loadcheck: install
	$(PY) bench/loadcheck.py $(LOADCHECK_ARGS)

deploy-check: install
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

check: install
	DJANGO_SETTINGS_MODULE=thinktank.settings_test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=thinktank.settings_test $(PY) manage.py makemigrations --check --dry-run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: check deploy-check lint
	$(PY) -m pytest

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest

# The demo site in SQLite and PostgreSQL (a scratch database on $(FIXTURE_POSTGRES_URL)) as this
# checkout makes it, for tests/migration_forward to upgrade. Run from the release to upgrade *from*.
FIXTURE_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
migration-fixtures: install
	$(PY) -m tests.migration_forward.make_fixtures --postgres-url $(FIXTURE_POSTGRES_URL)

$(E2E_STAMP): $(STAMP) requirements-e2e.txt
	$(PY) -m pip install --quiet -r requirements-e2e.txt
	@rm -f $(VENV)/.e2e-installed-*
	@touch $@

# npm ci empties node_modules first, so an old stamp goes with it.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Chromium for Playwright, and Java to run the Nu HTML Checker (vnu.jar, from npm).
chromium:
	@command -v chromium >/dev/null && command -v java >/dev/null || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver default-jre-headless)

# The site under gunicorn with its production settings, driven by Playwright in Chromium;
# its pages checked by axe and the Nu HTML Checker. Screenshots go to tests/e2e/artifacts/.
e2e: chromium $(E2E_STAMP) $(NODE_STAMP)
	$(PY) -m pytest tests/e2e -m e2e

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media staticfiles node_modules tests/e2e/artifacts
