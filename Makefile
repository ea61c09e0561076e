# Dargah: `make demo` runs the gateway on a sandbox province, `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Find a Python 3.12+: plain names first, then pyenv's installed versions.
PYTHON ?= $(shell \
  for c in python3.13 python3.12 python3; do \
    p=$$(command -v $$c 2>/dev/null) && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit; }; \
  done; \
  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])' | sort -rV); do \
    p=$$(PYENV_VERSION=$$v pyenv which python 2>/dev/null) && [ -x "$$p" ] && { echo $$p; exit; }; \
  done)

.PHONY: help venv demo test lint bench bench-es eval clean browser test-es es es-stop es-client demo-es

# The local Elasticsearch node (es/node.sh, docs/elasticsearch.md): its HTTP port, and the
# Python client line that matches its major (the server is 8.19, see es/pom.xml).
GATEWAY_ES_PORT ?= 9200
ES_URL := http://127.0.0.1:$(GATEWAY_ES_PORT)
ES_CLIENT := elasticsearch>=8.19,<9

help:
	@echo "make demo   build the environment, start the sandbox province, crawl it, serve http://127.0.0.1:8000"
	@echo "make test   run the test suite (installs what it needs)"
	@echo "make lint   ruff + mypy"
	@echo "make bench  crawl, indexing and search benchmarks"
	@echo "make eval   search quality (nDCG@10, recall@10, MRR, ...): sandbox province + external set, beside 3 baselines"
	@echo "make es     fetch Elasticsearch with Maven and start one node on 127.0.0.1:9200 (GATEWAY_ES_PORT)"
	@echo "make es-stop  stop that node"
	@echo "make test-es  the backend contract, relevance and gateway tests on that node"
	@echo "make demo-es  the demo on Elasticsearch (starts the node)"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Dargah needs Python 3.12 or newer and none was found."; \
	  echo "Install one (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') or run 'make PYTHON=/path/to/python3.12 ...'."; \
	  exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Headless Chromium for the browser tests comes from Debian (Playwright's own download cannot work here).
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

demo: venv
	$(VENV)/bin/dargah demo

# Test files run on up to four processes at once, each file whole in one of them (its module
# fixtures, servers and crawls stay together); a single file or `-p no:xdist` runs serially.
test: venv browser lint
	$(PY) -m pytest --numprocesses auto --maxprocesses 4 --dist loadfile

es:
	@es/node.sh start

es-stop:
	@es/node.sh stop

# The client major must match the server's (an 8.x server refuses the 9.x client's headers).
es-client: venv
	@$(PY) -c 'import elasticsearch, sys; sys.exit(elasticsearch.__versionstr__.split(".")[0] != "8")' 2>/dev/null \
	  || $(PY) -m pip install --quiet '$(ES_CLIENT)'

# The Elasticsearch leg: contract, relevance and gateway suites on a live node (`make es` first,
# or give another cluster: make test-es GATEWAY_TEST_ELASTICSEARCH_URL=https://...).
GATEWAY_TEST_ELASTICSEARCH_URL ?= $(ES_URL)
ES_TESTS := tests/contract tests/relevance tests/indexer/test_elasticsearch_requests.py tests/elasticsearch
test-es: es-client
	GATEWAY_TEST_ELASTICSEARCH_URL="$(GATEWAY_TEST_ELASTICSEARCH_URL)" $(PY) -m pytest $(ES_TESTS) --only-backend elasticsearch -rs -p no:cacheprovider

demo-es: es es-client
	GATEWAY_SEARCH_BACKEND=elasticsearch GATEWAY_ELASTICSEARCH_URL=$(ES_URL) GATEWAY_ELASTICSEARCH_REPLICAS=0 \
	  $(VENV)/bin/dargah demo

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy dargah indexer registry crawlers gateway_api search_ui sandbox bench

bench: venv
	$(PY) -m bench $(if $(BENCH_ES_URL),--elasticsearch $(BENCH_ES_URL))

# Only the Elasticsearch stage (p50/p99 and bulk rate on 100,000 services beside tantivy).
bench-es: es es-client
	$(PY) -m bench --only elasticsearch --elasticsearch $(ES_URL)

eval: venv
	$(PY) -m tests.relevance --failures

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
