# Classe à 12 — the two commands a newcomer needs: `make up` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PACKAGES := -e libs/contracts -e libs/runtime -e libs/testing -e services/community -e services/resources -e services/evaluation \
            -e services/notifications -e gateway -e deploy
DEV_TOOLS := secantusdb pytest pytest-timeout pyyaml requests ruff schemathesis
STAMP := $(VENV)/.classe12-installed

.PHONY: up test unit integration system lint contracts install clean

up: $(STAMP)
	$(PY) -m classe12_devstack up

# every layer in turn, with the time each took (unit: seconds, no server; integration: real
# database and broker; system: the whole platform through the gateway)
test: $(STAMP)
	$(PY) -m classe12_testing.layers unit integration system

unit: $(STAMP)
	$(PY) -m pytest -q -m unit

integration: $(STAMP)
	$(PY) -m pytest -q -m integration

system: $(STAMP)
	$(PY) -m pytest -q -m system

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
