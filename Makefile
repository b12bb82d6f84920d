# fazhi — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo district is a snapshot of early 2024 (its report year is 2023): serve it with that legal date so
# its queues and clocks read as they would have then. Override with DEMO_TODAY= (empty) for the real date.
DEMO_TODAY ?= 2024-01-15
# A worker that dies (a crash in a native library, the memory limit) is replaced instead of stopping the service.
GRANIAN_ARGS ?= --interface wsgi --host 127.0.0.1 --port $(PORT) --workers 2 --blocking-threads 4 --respawn-failed-workers --respawn-interval 1
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint serve bench bench-pg install system-packages clean-demo help

help:
	@echo "make demo   — set up, generate the demo district and serve it on http://127.0.0.1:$(PORT)"
	@echo "make test   — set up and run lint, type and import checks and the whole suite"
	@echo "make bench  — run the benchmarks (JSON results under var/bench/)"
	@echo "make bench-pg — the same on a throwaway PostgreSQL 15 (results under var/bench-pg/)"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q uv

# Bytecode is compiled at install time: uv does not compile by default, and where PYTHONDONTWRITEBYTECODE is set
# (CI images often set it) every process would otherwise compile Django and fazhi from source again (≈ 3 s each).
$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml Makefile | $(BIN)/python
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements-dev.txt
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

# fazhi's own modules: recompiled when they change (compileall skips up-to-date files in a fraction of a second).
install: $(VENV)/.installed
	@$(BIN)/python -m compileall -q -j 0 fazhi benchmarks tests >/dev/null

# Debian packages (Chromium, CJK fonts, Pango/HarfBuzz, poppler; python3-venv when $(PY) lacks ensurepip): installed
# as root, else the one command to run is printed.
system-packages:
	@PY=$(PY) scripts/system-packages

lint: install
	$(BIN)/ruff check fazhi tests benchmarks
	$(BIN)/ruff format --check fazhi tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy fazhi
	$(BIN)/python -m fazhi.rulebook.check_tables
	$(BIN)/fazhi makemigrations --check --dry-run >/dev/null
	$(BIN)/fazhi check --fail-level WARNING

test: system-packages lint
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)
	@# Concurrency tests again on a file-backed SQLite (the in-memory test database cannot host real concurrent writers).
	rm -f var/test-concurrency.sqlite3*
	FAZHI_TEST_SQLITE=var/test-concurrency.sqlite3 $(BIN)/pytest -p no:xdist -m concurrency $(PYTEST_ARGS)

demo: system-packages install
	$(BIN)/fazhi migrate --noinput -v0
	$(BIN)/fazhi collectstatic --noinput -v0
	$(BIN)/fazhi demo --if-absent --no-serve
	@$(BIN)/fazhi demo --accounts
	@echo "正在启动：http://127.0.0.1:$(PORT)/   （Ctrl-C 停止；演示数据的法定日期为 $(DEMO_TODAY)）"
	DEBUG=0 FAZHI_LEGAL_TODAY=$(DEMO_TODAY) $(BIN)/granian $(GRANIAN_ARGS) fazhi.wsgi:application

serve: install
	$(BIN)/fazhi collectstatic --noinput -v0
	DEBUG=0 $(BIN)/granian $(GRANIAN_ARGS) fazhi.wsgi:application

bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The same benchmarks on a throwaway PostgreSQL 15 with durable settings (the published figures' second column).
bench-pg: install
	scripts/with-postgres --durable -- $(BIN)/python -m benchmarks.run --out var/bench-pg $(BENCH_ARGS)

clean-demo:
	rm -f var/fazhi.sqlite3 var/fazhi.sqlite3-wal var/fazhi.sqlite3-shm
