# Classe à 12 — the two commands a newcomer needs: `make up` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PACKAGES := -e libs/contracts -e libs/runtime -e libs/testing -e services/community -e services/resources -e services/evaluation \
            -e services/notifications -e gateway -e deploy
DEV_TOOLS := secantusdb pytest pytest-timeout pyyaml requests ruff schemathesis playwright
STAMP := $(VENV)/.classe12-installed

WEB_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json $(shell find gateway/classe12_gateway services/*/contract -type f -name "*.py" -o -type f -name "*.yaml" -o -type f -name "*.json" 2>/dev/null)

.PHONY: up test unit integration system web-test lint contracts install web web-api-check chromium clean

# builds the web client when Node.js is here (served on the same origin as the API), then starts
up: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory web; \
	 else echo "Node.js absent : la plateforme démarre sans le site web (API seule)."; fi
	$(PY) -m classe12_devstack up

# every layer in turn, with the time each took (unit: seconds, no server; integration: real
# database and broker; system: the whole platform through the gateway; web: the web client in
# Debian's Chromium, see web-test)
test: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory web; fi
	$(PY) -m classe12_testing.layers unit integration system web

unit: $(STAMP)
	$(PY) -m pytest -q -m unit

integration: $(STAMP)
	$(PY) -m pytest -q -m integration

system: $(STAMP)
	$(PY) -m pytest -q -m system

# the web client in Debian's Chromium against the real local stack (journeys, axe-core)
web-test: $(STAMP) web chromium
	CLASSE12_EVENTLET=0 $(PY) -m pytest -q -m web --suppress-nameko-eventlet-notification

# the web client (web/README.md): packages from the lock file, API types checked, built into web/dist
web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES) $(STAMP)
	cd web && PYTHON=$(abspath $(PY)) npm run --silent api:check && npm run build

# Debian's Chromium for the browser tests (never a downloaded browser)
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# freeze the contracts' schemas (new event versions, compatible changes) under libs/contracts
contracts: $(STAMP)
	$(VENV)/bin/classe12-contracts publish

lint: $(STAMP)
	$(VENV)/bin/ruff check .

install: $(STAMP)

$(STAMP): constraints.txt libs/*/pyproject.toml gateway/pyproject.toml deploy/pyproject.toml services/*/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt $(PACKAGES) $(DEV_TOOLS)
	touch $@

clean:
	rm -rf $(VENV) var
