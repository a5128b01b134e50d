# The two set-up commands are `make demo` and `make test`; both build .venv themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
OUT ?= output
EXAMPLES := $(wildcard examples/*.yaml)
# Debian packages the renderers and the tests need: Pango for WeasyPrint, HarfBuzz's subsetter
# (without it WeasyPrint is several times slower), poppler for looking at PDFs, and fallback
# fonts for scripts the bundled fonts lack, each with a real bold (templates/fonts/README.md):
# DejaVu Sans (Arabic, Hebrew) and Noto Sans CJK (Chinese, Japanese, Korean; 56 MB to fetch,
# 89 MB installed); fontconfig's fc-list tells the tests whether they are there.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils fontconfig \
  fonts-dejavu-core fonts-noto-cjk
PYTEST_ARGS ?=

.PHONY: help demo test lint format typecheck clean eval stress bench bench-rendercv-venv sysdeps venv dev

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

sysdeps:  ## install the Debian packages the renderers need (as root), or say how
	@# chromium: the studio's browser tests (tests/test_studio_browser.py) drive it headless
	@# (a package removed but not purged still answers `dpkg -s`: ask for its state)
	@missing=$$(for p in $(SYSTEM_PACKAGES) chromium; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
	  echo "note: please install the equivalents of: $$missing"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing system packages: $$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null \
	    || { echo "apt-get failed; run: apt-get install $$missing"; exit 1; }; \
	else \
	  echo "missing system packages; run: sudo apt-get install $$missing"; exit 1; \
	fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@$(PY) -m compileall -q toolkit  # as pip does for an installed wheel: faster start-up
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed  ## create .venv with the toolkit installed
dev: $(VENV)/.dev-installed  ## .venv plus the test and lint tools

demo: sysdeps venv  ## render the examples into output/
	@for f in $(EXAMPLES); do $(BIN)/toolkit validate $$f || exit 1; done
	@for f in $(EXAMPLES); do \
	  $(BIN)/toolkit resume $$f -o $(OUT) -f pdf,docx,html,md,txt --force || exit 1; \
	done
	@$(BIN)/toolkit resume examples/senior-supervisor.yaml -o $(OUT)/one-page -f pdf,png \
	  --theme compact --max-pages 1 --drop-bullets --force
	@$(BIN)/toolkit export jsonresume examples/mid-rhit.yaml -o $(OUT)/mid-rhit.resume.json --force
	@$(BIN)/toolkit packet examples/mid-rhit.yaml examples/posting-roi-specialist.txt \
	  --letter examples/letters/roi-specialist.yaml -o $(OUT) --force
	@$(BIN)/toolkit gap examples/entry-career-changer.yaml --role medical-records-specialist \
	  --level junior -f html,pdf -o $(OUT) --force > /dev/null
	@$(BIN)/toolkit jd new --role medical-records-specialist --level specialist \
	  --org examples/orgs/lakeshore.yaml -o $(OUT)/jd-specialist.yaml --force > /dev/null
	@$(BIN)/toolkit jd build $(OUT)/jd-specialist.yaml -f pdf,docx,html -o $(OUT) --force > /dev/null
	@echo "demo: resumes for $(words $(EXAMPLES)) example profiles, an application packet, a"
	@echo "      skills-gap report and a job description are in $(OUT)/"

lint: dev  ## ruff (lint and format check) and mypy
	$(BIN)/ruff check toolkit tests bench
	$(BIN)/ruff format --check toolkit tests bench
	$(BIN)/mypy toolkit

format: dev  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix toolkit tests
	$(BIN)/ruff format toolkit tests

typecheck: dev
	$(BIN)/mypy toolkit

test: sysdeps dev lint  ## lint, then the whole test suite
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

eval: sysdeps dev  ## the acceptance corpus in ../shared/eval (skipped when absent)
	$(PY) -m tests.eval.run_eval

stress: sysdeps dev  ## full hostile matrix, load run, 50 SIGKILLs of a render, 10x fuzzing
	TOOLKIT_KILL_RUNS=50 TOOLKIT_FUZZ_SCALE=10 $(BIN)/pytest -n 2 tests/test_crash_safety.py tests/test_fuzz.py
	$(BIN)/pytest -p no:xdist --stress -m stress tests/

# RenderCV, for the side-by-side rows only: a throwaway venv of its own, never a dependency.
# (typer >= 0.2x no longer pulls click, which RenderCV 2.3's command line imports.)
BENCH_RENDERCV_VENV ?= $(OUT)/bench-venv-rendercv
BENCH_RENDERCV_SPEC ?= rendercv[full]==2.3 click
BENCH_ARGS ?=

bench-rendercv-venv:  # RenderCV in its own venv; on failure the bench skips its rows
	@if [ -f $(BENCH_RENDERCV_VENV)/.installed ]; then exit 0; fi; \
	echo "bench: installing RenderCV into $(BENCH_RENDERCV_VENV)"; \
	( test -x $(BENCH_RENDERCV_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_RENDERCV_VENV) ) && \
	$(BENCH_RENDERCV_VENV)/bin/python -m pip install -q --disable-pip-version-check $(BENCH_RENDERCV_SPEC) \
	  && touch $(BENCH_RENDERCV_VENV)/.installed \
	  || echo "note: RenderCV could not be installed; the bench skips its rows"

bench: sysdeps dev bench-rendercv-venv  ## time start-up, rendering, matching, a batch; side by side with RenderCV
	@$(PY) -m compileall -q toolkit  # time the toolkit as installed, with its bytecode
	BENCH_RENDERCV_VENV=$(BENCH_RENDERCV_VENV) $(PY) bench/run.py --out $(OUT) $(BENCH_ARGS)

clean:  ## remove the virtualenv, caches and output/
	rm -rf $(VENV) $(OUT) dist build .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
