# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Playwright drives Debian's Chromium (scripts/system-packages): never a download.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
SOURCES := config names registry ingest demo stats publish public rollcall bench link office audit backup review

.PHONY: run test test-sqlite test-postgres lint fix bench clean system-packages messages

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP) messages
	$(BIN)/rollcall demo
	$(BIN)/rollcall publish
	$(BIN)/rollcall serve

# The suite on SQLite and, when DATABASE_URL is set, again on that database.
test: $(STAMP) system-packages messages lint test-sqlite test-postgres

# The translations (locale/, stats/locale/): .po files are the source, the
# .mo files are built here (msgfmt, from Debian's gettext) and not committed.
messages: $(STAMP) system-packages
	ROLLCALL_VAR_DIR=$(CURDIR)/var/test $(BIN)/python manage.py compilemessages --ignore .venv --ignore var --ignore bench --verbosity 0

# Debian libraries for the PDF fact sheet, pdftoppm for its test, and Chromium
# for the browser tests (idempotent).
system-packages:
	scripts/system-packages

# The browser tests (marked `browser`) run on one worker (loadgroup), on the
# SQLite pass only: the public site reads the published file, not the register.
test-sqlite: $(STAMP)
	env -u DATABASE_URL ROLLCALL_VAR_DIR=$(CURDIR)/var/test $(BIN)/python -m pytest -n 2 --dist loadgroup --create-db

test-postgres: $(STAMP)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== the suite on $$DATABASE_URL"; \
	  ROLLCALL_VAR_DIR=$(CURDIR)/var/test $(BIN)/python -m pytest -n 2 --create-db -m "not browser"; \
	else echo "DATABASE_URL is not set: skipping the PostgreSQL run"; fi

lint: $(STAMP)
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy config names registry ingest demo stats publish public rollcall link office audit backup review
	ROLLCALL_VAR_DIR=$(CURDIR)/var/test $(BIN)/python manage.py makemigrations --check --dry-run
	ROLLCALL_VAR_DIR=$(CURDIR)/var/test DEBUG=false SECRET_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') SECURE_SSL_REDIRECT=true SECURE_COOKIES=true SECURE_HSTS_SECONDS=3600 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true $(BIN)/python manage.py check --deploy --fail-level WARNING

fix: $(STAMP)
	$(BIN)/ruff check --fix $(SOURCES)
	$(BIN)/ruff format $(SOURCES)

BENCH_STAMP := $(VENV)/.bench-$(shell cat requirements-bench.lock | cksum | cut -d' ' -f1)

$(BENCH_STAMP): $(STAMP) requirements-bench.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	rm -f $(VENV)/.bench-*
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
