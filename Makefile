# Seed & Soil — the two commands a newcomer needs:
#   make course   set everything up, build the offline course in _build/ and say where to open it
#   make test     set everything up and run every test (unit, notebook structure, strict nbval, build)
# Other targets: lab, serve, outputs (re-execute notebooks and store outputs), stamp, figures,
# shots (screenshots for review), browser (install Debian's chromium for the browser tests), clean.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000

.PHONY: course test lab serve outputs stamp clean distclean setup shots figures browser bench

course: setup
	$(PY) -m seedsoil build
	$(PY) -m seedsoil open

test: setup
	$(PY) -m pytest -n 2 --dist loadfile  # one notebook per worker: nbval cells share a kernel

setup: $(VENV)/.installed node_modules/.installed

# Re-created when the pins change; pip installs exactly the pinned set, then the course package.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# npm ci installs exactly what package-lock.json pins (reveal.js 4.0.2, MathJax 2.7.9, ...).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lab: setup
	$(VENV)/bin/jupyter lab notebooks/

serve: setup
	@test -f _build/index.html || $(PY) -m seedsoil build
	@echo "Serving the course at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server --bind 127.0.0.1 --directory _build $(PORT)

outputs: setup
	$(PY) -m seedsoil execute

stamp: setup
	$(PY) -m seedsoil stamp

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV) node_modules

# Key diagrams as SVG and PNG in figures/ for teachers' own slides (reproducible files).
figures: setup
	$(PY) -m seedsoil figures

# PNGs of the index and of the first two slides of every deck, for review, in _build/shots/.
shots: setup
	$(PY) -m seedsoil build
	$(PY) -m seedsoil shots

# The browser tests drive Debian's chromium (never `playwright install`); without it they skip.
browser:
	command -v chromium >/dev/null || (sudo apt-get update && sudo apt-get install -y chromium)

# Per-notebook time and kernel memory against each notebook's import-only floor, warm rebuild
# and test times -> _build/bench.json (takes a few minutes; run on a quiet machine).
bench: setup
	$(PY) benchmarks/spread.py
	$(PY) benchmarks/notebooks.py
