# gemeinwerk — the commands a district's IT and the developers use.
#   make up     the whole stack on one machine (Kafka + four services, SQLite stores)
#   make test   every test: unit, integration (real Kafka + PostgreSQL), end-to-end, faults
# Both install what they need: Python packages with uv, Kafka with Maven, PostgreSQL with apt.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTEST_ARGS ?=
BENCH_EVENTS ?= 50000
SERVICES := placement allowance notification reporting

# uv comes from PyPI when it is missing; `python3 -m uv` works for a pip-installed uv.
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

# Debian packages: PostgreSQL (tests), WeasyPrint's libraries and fonts covering Arabic script
# (notification letters), poppler (PDF checks in tests), promtool (alert rule checks).
DEBIAN_PACKAGES := postgresql libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-dejavu-core fonts-noto-core poppler-utils prometheus

.PHONY: help tools system-packages install up demo test test-unit lint docs schemas bench clean

help:
	@echo "make up        Kafka und alle vier Dienste lokal starten (Strg-C beendet alles)"
	@echo "make demo      synthetischen Landkreis in das laufende System laden (nach make up)"
	@echo "make test      alle Tests (Unit, Integration mit echtem Kafka/PostgreSQL, End-to-End)"
	@echo "make test-unit nur die schnellen Tests ohne Infrastruktur"
	@echo "make lint      ruff und mypy"
	@echo "make docs      AsyncAPI-Dokumente der Dienste und JSON-Schemas erzeugen"
	@echo "make bench     Durchsatz- und Latenzmessung (BENCH_EVENTS=$(BENCH_EVENTS))"

tools:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet --disable-pip-version-check uv

system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installiere Debian-Pakete / installing Debian packages:" $$missing; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			--no-install-recommends $$missing >/dev/null; \
	fi

install: tools system-packages
	$(UV) sync --frozen --all-packages

up: install
	$(UV) run --frozen python -m devstack up

# Fills the running stack (make up, in another terminal) with a synthetic district.
demo: install
	$(UV) run --frozen python -m placement.demo --url http://127.0.0.1:$${PLACEMENT_PORT:-8001}

test: install
	$(UV) run --frozen python -m devstack fetch-kafka >/dev/null
	$(UV) run --frozen pytest $(PYTEST_ARGS)

test-unit: install
	$(UV) run --frozen pytest -m "not integration and not e2e" $(PYTEST_ARGS)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy contracts/src chassis/src deploy/devstack/src $(foreach s,$(SERVICES),services/$(s)/src)

schemas: install
	$(UV) run --frozen python -m gemeinwerk_contracts.schemas write

docs: install schemas
	$(UV) run --frozen python -m chassis.docs --out docs/asyncapi $(SERVICES)

bench: install
	$(UV) run --frozen python -m devstack fetch-kafka >/dev/null
	$(UV) run --frozen python benchmarks/outbox_to_consumers.py --events $(BENCH_EVENTS)
	$(UV) run --frozen python benchmarks/reporting_replay.py --events $(BENCH_EVENTS)
	$(UV) run --frozen python benchmarks/timesheet_upload.py --rows 10000

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
