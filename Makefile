# Pháo Đài: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= medium
NAME ?=

.PHONY: run test install install-dev migrate seed lint bench check-deploy schema messages clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0

## make run: install, migrate, load the demo province on first run, serve on $(HOST):$(PORT)
## as production would (no debug pages, static files collected and compressed: config/settings/demo.py),
## with one background worker beside the server (imports, exports, alerts); Ctrl+C stops both
DEMO := --settings=config.settings.demo
# The address to open: a server listening on every interface is reached at 127.0.0.1 here.
URL_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
run: migrate
	$(PY) manage.py collectstatic --noinput -v0 $(DEMO)
	$(PY) manage.py seed_demo --scale $(SCALE) --if-empty --demo-database $(DEMO)
	$(PY) manage.py demo_logins --base-url http://$(URL_HOST):$(PORT) $(DEMO)
	@echo "Pháo Đài đang chạy tại http://$(URL_HOST):$(PORT)/  (Ctrl+C để dừng)"
	@$(PY) manage.py run_worker $(DEMO) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=config.settings.demo $(VENV)/bin/gunicorn config.wsgi:application \
		--bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

## make test: install what the tests need, lint, type-check (mypy --strict), and run the whole suite
test: install-dev
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) tools/lint_layers.py
	$(PY) manage.py makemigrations --check --dry-run -v0 --settings=config.settings.test
	$(PY) manage.py spectacular --settings=config.settings.test --validate --fail-on-warn --file var/openapi-check.yaml
	@diff -q docs/openapi.yaml var/openapi-check.yaml >/dev/null || { echo "docs/openapi.yaml is out of date: run 'make schema'"; exit 1; }
	@# mypy --strict beside the suite: the suite's workers leave a core idle now and then.
	@echo "$(VENV)/bin/mypy & $(VENV)/bin/pytest -n 2 -q"; \
	$(VENV)/bin/mypy > var/mypy.log 2>&1 & mypy=$$!; \
	$(VENV)/bin/pytest -n 2 -q; suite=$$?; \
	wait $$mypy; typed=$$?; cat var/mypy.log; \
	test $$suite -eq 0 -a $$typed -eq 0

## make messages: bring the English catalogue up to date with the source (then translate what is new)
messages: install-dev
	$(PY) manage.py makemessages -l en --no-obsolete --settings=config.settings.test -v0 \
		--ignore=.venv --ignore=tests --ignore=var --ignore=staticfiles --ignore=bench --ignore=tools --ignore=docs
	$(PY) manage.py compilemessages -l en --settings=config.settings.test -v0 --ignore=.venv

schema: install-dev
	@mkdir -p var
	$(PY) manage.py spectacular --settings=config.settings.test --validate --fail-on-warn --file docs/openapi.yaml

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## make bench [NAME=x]: run benchmarks from bench/, append JSON lines to bench/results.jsonl
bench: install-dev
	$(PY) bench/run.py $(NAME)

check-deploy: install
	DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=phaodai.example.vn \
	DATABASE_URL=postgres://localhost/phaodai $(PY) manage.py check --deploy --fail-level WARNING \
	--settings=config.settings.production

clean:
	rm -rf $(VENV) var staticfiles
