# Pháo Đài: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= medium
NAME ?=

.PHONY: run test install install-dev migrate seed lint bench check-deploy schema clean

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

## make run: install, migrate, load the demo province on first run, serve on $(HOST):$(PORT) with one worker
run: migrate
	DJANGO_DEBUG=true $(PY) manage.py seed_demo --scale $(SCALE) --if-empty
	$(PY) manage.py demo_logins
	@echo "Pháo Đài đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	@# One background worker beside the server (imports, exports, alerts); stopped with the server on Ctrl+C.
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT) --noreload

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
