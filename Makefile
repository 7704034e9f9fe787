# Seed & Soil — the two commands a newcomer needs:
#   make course   set everything up, build the offline course in _build/ and say where to open it
#   make test     set everything up and run every test (lint, unit, strict nbval, build, browser)
# Other targets: lab, serve, currency (how old each row's check is), outputs (re-execute notebooks and store their outputs), stamp,
# figures, dist (the student library's wheel and sdist), bundle (the student zip), lint,
# shots (screenshots for review), handouts (a PDF per deck), browser (install Debian's chromium), bench, clean.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# Jupyter refuses to start as root (containers, some hubs) unless told it is on purpose.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: course test check lock lint lab serve outputs stamp dist bundle clean distclean setup shots handouts figures browser bench currency

# AUDIENCE=learner builds the students' site in _build_learner/ (no answer key, guide or notes).
AUDIENCE ?= teacher
course: setup
	@$(PY) -m coursekit build --open --audience $(AUDIENCE) $(if $(filter learner,$(AUDIENCE)),--out _build_learner,)

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)  # pyproject adds --dist loadfile: a notebook's cells share one kernel

# The edit loop: lint, unit tests and strict nbval, without the built course, browser or wheel.
check: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2 -m "not full"

lint: setup
	$(VENV)/bin/ruff check .

setup: $(VENV)/.installed node_modules/.installed

# Re-created when the pins change: the venv gets exactly the locked set (requirements.lock, every
# transitive package), then the two layers: the student library (seedsoil, from src/) and the
# course toolkit (coursekit, from toolkit/). uv installs it in seconds; plain pip is the fallback.
UV_VERSION := $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements.lock)
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
$(VENV)/.installed: requirements.lock pyproject.toml toolkit/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	($(PIP) uv==$(UV_VERSION) && $(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock \
	  && $(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps --no-build-isolation -e . -e toolkit) \
	|| ($(PIP) -r requirements.lock && $(PIP) --no-deps --no-build-isolation -e . -e toolkit)
	touch $@

# The lock, made again from requirements.txt (after a pin there changed): then `make outputs`,
# since the figures are compared byte for byte with what these versions draw.
lock: $(VENV)/.installed
	head -3 requirements.lock > .lock.header
	$(VENV)/bin/uv pip compile --quiet requirements.txt --python-version 3.11.7 --no-header \
	  --annotation-style line -o .lock.body
	cat .lock.header .lock.body > requirements.lock && rm .lock.header .lock.body

# npm ci installs exactly what package-lock.json pins (reveal.js 4.0.2, MathJax 2.7.9, ...).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lab: setup
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks/

serve: setup
	@test -f _build/index.html || $(PY) -m coursekit build
	$(PY) -m coursekit serve --port $(PORT)  # only files inside _build/, never through a symlink out of it

# How old each time-sensitive row's check is, today: _build/currency.html (DAYS=30 for another threshold).
DAYS ?= 90
currency: setup
	$(PY) -m coursekit currency --days $(DAYS)

outputs: setup
	$(PY) -m coursekit outputs

stamp: setup
	$(PY) -m coursekit stamp

# The student library as a wheel and an sdist in dist/ (data, references and manifest inside).
dist: setup
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . >/dev/null
	@ls dist

# What a teacher hands out: student notebooks, the wheel, requirements and the setup page.
bundle: dist
	$(PY) -m coursekit build
	$(PY) -m coursekit bundle --wheel $$(ls dist/seedsoil-*.whl)

clean:
	rm -rf _build ._build.staging-* ._build.old-* _build_learner ._build_learner.staging-* ._build_learner.old-* .cache dist build src/*.egg-info toolkit/*.egg-info toolkit/build

distclean: clean
	rm -rf $(VENV) node_modules

# Key figures as SVG and PNG in figures/ for teachers' own slides, drawn by the notebook cells
# tagged with a "figure" name.
figures: setup
	$(PY) -m coursekit figures

# PNGs of the index and of the first two slides of every deck, for review, in _build/shots/.
shots: setup
	$(PY) -m coursekit build
	$(PY) -m coursekit shots

# One PDF per deck in _build/handouts/ (one slide per page; *.notes.pdf adds the speaker notes).
handouts: setup
	$(PY) -m coursekit build
	$(PY) -m coursekit handouts --notes

# The browser tests drive Debian's chromium (never `playwright install`); without it they skip.
browser:
	command -v chromium >/dev/null || (sudo apt-get update && sudo apt-get install -y chromium)

# Per-notebook time and kernel memory as ratios to each notebook's import-only floor; the test
# and build loop as ratios to strict nbval alone, the ten slowest tests, and make course from a
# fresh clone, unchanged and after one notebook changed -> _build/bench.json (about 15 minutes).
bench: setup
	$(PY) benchmarks/spread.py
	$(PY) benchmarks/notebooks.py
	$(PY) benchmarks/loop.py
