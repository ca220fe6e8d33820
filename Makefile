# Two commands matter: `make run` (set up and start the app) and `make test` (set up and run
# every test, lint and type check). Both create .venv on first use; nothing is installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench system-deps clean translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/readiness

# Debian/Ubuntu tools some tests cross-check against (installed only when missing and root).
system-deps:
	@bash scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# Translations: `make translations LANGS="cy fr"` creates or updates
# assets/i18n/readiness_<language>.ts from the tr() strings in readiness/gui; translators fill
# them in with Qt Linguist (pyside6-linguist), and the same target compiles every .ts to the
# .qm file the app loads for that language. UK English is the source language.
LANGS ?=
translations: $(STAMP)
	mkdir -p assets/i18n
	for lang in $(LANGS); do \
		$(BIN)/pyside6-lupdate -no-obsolete readiness/gui/*.py -ts assets/i18n/readiness_$$lang.ts; \
	done
	for ts in assets/i18n/*.ts; do [ ! -e "$$ts" ] || $(BIN)/pyside6-lrelease "$$ts"; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# ---- The installable app (packaging/README.md). `make package` freezes the app with
# PyInstaller into dist/readiness/ and builds the Ubuntu/Debian package dist/readiness_*.deb;
# `make package-test` builds them and runs the frozen app's smoke tests (slow: minutes).
# Windows and macOS: packaging/windows/build.ps1 and packaging/macos/build.sh.
.PHONY: package package-test
PKG_STAMP := $(VENV)/.installed-package

$(PKG_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $(PKG_STAMP)

package: $(PKG_STAMP) system-deps
	$(BIN)/python packaging/check_lifecycle_age.py $(if $(ALLOW_STALE_TABLE),--allow-stale,)
	rm -rf dist/readiness build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/pyinstaller/readiness.spec
	$(BIN)/python packaging/linux/build_deb.py dist/readiness dist
	$(BIN)/python packaging/measure_bundle.py dist/readiness

# A test build may use a stale end-of-life table (it warns); `make package` (a release) refuses.
package-test: ALLOW_STALE_TABLE = 1
package-test: package system-deps
	READINESS_FROZEN_APP=dist/readiness/readiness \
	READINESS_DEB=$$(ls -t dist/readiness_*.deb | head -n 1) \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow tests/packaging
