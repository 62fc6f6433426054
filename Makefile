# MDA++ case coordination — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app wsgi
export MDA_ENV ?= development
export BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test test-sqlite test-postgresql install translations db demo bench bench-parts clean

# axe-core, the accessibility engine the browser tests run in each page (tests/e2e/axe.py): the
# version pinned in package.json and package-lock.json, installed with npm into node_modules/.
AXE := node_modules/axe-core/axe.min.js

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

install: $(BIN)/activate translations

translations: $(BIN)/activate
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) mda demo --if-new

# The web server and, beside it, the scheduler (reminders, the digest, the outbox); Ctrl+C stops both.
run: demo
	@echo "MDA++ serving on http://127.0.0.1:$(PORT), with the scheduler beside it. Stop both with Ctrl+C."
	@$(FLASK) mda scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# The suite against both databases, side by side (one per core); each run's report is printed when
# both are done, a failing one last, and the target fails if either did.
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider --durations=10
test: install $(AXE)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	@logs=$$(mktemp -d); \
	$(PYTEST) --db=sqlite >$$logs/sqlite.log 2>&1 & sqlite=$$!; \
	$(PYTEST) --db=postgresql --ignore=tests/workflows >$$logs/postgresql.log 2>&1 & postgresql=$$!; \
	wait $$sqlite; s=$$?; wait $$postgresql; p=$$?; \
	for run in "sqlite $$s" "postgresql $$p"; do set -- $$run; [ $$2 -eq 0 ] && { echo "== $$1: passed"; cat $$logs/$$1.log; }; done; \
	for run in "sqlite $$s" "postgresql $$p"; do set -- $$run; [ $$2 -ne 0 ] && { echo "== $$1: FAILED (exit $$2)"; cat $$logs/$$1.log; }; done; \
	rm -rf $$logs; [ $$s -eq 0 ] && [ $$p -eq 0 ]

test-sqlite: install $(AXE)
	$(BIN)/python -m pytest -q --db=sqlite

test-postgresql: install $(AXE)
	$(BIN)/python -m pytest -q --db=postgresql --ignore=tests/workflows

# The lists, the dossier page and the heavy work at real sizes against /health (bench/scale.py):
# SIZE=region (SQLite unless BENCH_DATABASE_URL says otherwise) or SIZE=national (PostgreSQL).
# Then one minute of the load test: 50 professionals at work through gunicorn and the scheduler
# (bench/load.py; python -m bench load runs ten). locust comes with the optional group ``bench``.
SIZE ?= region
$(VENV)/.bench: $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.bench

bench: install $(VENV)/.bench
	$(BIN)/python -m bench scale $(SIZE)
	$(BIN)/python -m bench load --size $(SIZE) --minutes 1

# The engine's own figures and the earlier parts (a)-(h), on small throwaway databases.
bench-parts: install
	$(BIN)/python -m bench

extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching

clean:
	rm -rf $(VENV) *.egg-info node_modules
