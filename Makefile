# Two commands matter: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?=

.PHONY: run test qt-check lint bench installer smoke clean-venv

# The runtime venv: created from pinned versions on first use.
$(BIN)/caseaudit: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(BIN)/caseaudit

$(VENV)/.dev-stamp: $(BIN)/caseaudit requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $@

run: $(BIN)/caseaudit
	$(BIN)/python main.py

# The suite runs on every core up to four (pytest-xdist): each worker has its own temporary
# folders and, for the PostgreSQL tests, its own throwaway server (tests/pg_server.py).
test: $(VENV)/.dev-stamp qt-check
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --maxprocesses=4

# The PySide6 wheels carry Qt but not the system libraries Qt links (EGL/GL, xkbcommon, fontconfig,
# GLib, D-Bus). Without them every GUI test would fail on the same ImportError; say it once instead.
QT_DEBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
QT_PROBE := from PySide6 import QtGui, QtWidgets; QtGui.QGuiApplication([])

qt-check: $(BIN)/caseaudit
	@QT_QPA_PLATFORM=offscreen $(BIN)/python -c "$(QT_PROBE)" >/dev/null 2>&1 || { \
	  why=$$(QT_QPA_PLATFORM=offscreen $(BIN)/python -c "$(QT_PROBE)" 2>&1 | tail -n 1); \
	  echo "Qt needs: apt-get install $(QT_DEBS)  ($$why)"; exit 1; }

# Style and types. mypy reads its settings from pyproject.toml.
lint: $(VENV)/.dev-stamp
	$(BIN)/ruff check .
	$(BIN)/mypy app db ui main.py

bench: $(VENV)/.dev-stamp
	for f in bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python $$f || exit 1; done

# The one-folder installer (dist/caseaudit/), then its smoke test. Not part of `make test` (slow).
installer: $(BIN)/caseaudit requirements-build.lock installer.spec
	$(BIN)/python -m pip install -q -r requirements-build.lock
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm installer.spec || exit 1; \
	echo "installer built in $$(( $$(date +%s) - start )) s: dist/caseaudit/ $$(du -sh dist/caseaudit | cut -f1)"
	scripts/smoke_frozen.sh dist/caseaudit/caseaudit

smoke:
	scripts/smoke_frozen.sh dist/caseaudit/caseaudit

clean-venv:
	rm -rf $(VENV)
