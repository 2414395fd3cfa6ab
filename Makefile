# Gonghui — two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run run-district serve test lint format migrate demo system-deps clean bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The database and files live in GONGHUI_VAR_DIR (var/ unless set; run-district uses its own).
VAR_DIR := $(or $(GONGHUI_VAR_DIR),var)
DEMO_SCALE ?= small

migrate: $(STAMP)
	mkdir -p $(VAR_DIR)
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py demo_district --scale $(DEMO_SCALE) --members --if-empty

# Serve the demo district on http://$(HOST):$(PORT) with a background worker for jobs and
# the periodic jobs (manage.py periodic, checked every 5 minutes; docs/operations.md).
run: demo
	$(PY) manage.py demo_logins
	@echo "打开 http://$(HOST):$(PORT) 用上面的演示账号登录（Ctrl-C 停止）"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --queue-name default,imports --interval 0.5 --no-reload >$(VAR_DIR)/worker.log 2>&1 & \
	  $(PY) manage.py periodic --loop 300 >$(VAR_DIR)/periodic.log 2>&1 & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The full demo district (≈10,000 unions, 50,000 employers, 420,000 members): every figure of
# the 2013 work report as the report states it (docs/demo.md). Its own database under
# var/district/, so the small district of `make run` stays as it was.
run-district: export GONGHUI_VAR_DIR := $(CURDIR)/var/district
run-district:
	$(MAKE) run DEMO_SCALE=district

# Serve as in production (docs/operations.md): gunicorn, a job worker per task queue (imports
# on their own, so a big one never keeps an export waiting) and the periodic jobs, all with
# the same settings (production unless DJANGO_SETTINGS_MODULE says otherwise;
# its GONGHUI_* keys come from the environment). nginx in front terminates HTTPS.
# SQLite (no DATABASE_URL): one thread per worker, so the writer holding the database's one
# write lock is not kept waiting for the interpreter by its worker's other threads
# (bench/load.py: 6 x 1 held it 8.5 ms at p90, 4 x 4 up to 99 ms). PostgreSQL: 4 x 4.
ifeq ($(strip $(DATABASE_URL)),)
WORKERS ?= 6
THREADS ?= 1
else
WORKERS ?= 4
THREADS ?= 4
endif
serve: export DJANGO_SETTINGS_MODULE ?= gonghui.settings.production
serve: $(STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py db_worker --queue-name default --interval 1 --no-reload >>var/worker.log 2>&1 & \
	  $(PY) manage.py db_worker --queue-name imports --interval 1 --no-reload >>var/worker-imports.log 2>&1 & \
	  $(PY) manage.py periodic --loop 300 >>var/periodic.log 2>&1 & \
	  $(VENV)/bin/gunicorn gonghui.wsgi:application --bind $(HOST):$(PORT) \
	    --workers $(WORKERS) --worker-class gthread --threads $(THREADS) --keep-alive 30

# Debian packages the browser tests need (Chromium, CJK fonts); PostgreSQL is started by .ci/run.
system-deps:
	@if ! test -x /usr/bin/chromium || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(STAMP) system-deps lint
	$(PY) manage.py makemigrations --check --dry-run -v0 --settings=gonghui.settings.test
	$(VENV)/bin/pytest -n 2

# Import benchmark (docs/benchmarks.md): installs django-import-export for the comparison only.
bench: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-bench.txt
	$(PY) bench/import_roster.py

clean:
	rm -rf var $(VENV)
