# Two commands matter: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?=

.PHONY: run test lint bench installer smoke clean-venv

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

test: $(VENV)/.dev-stamp
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(VENV)/.dev-stamp
	$(BIN)/ruff check .

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
