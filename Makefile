# Two commands on a fresh machine: `make run` (demo on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="tests/support -x"`; CI adds --durations=15.
PYTEST_ARGS ?=

.PHONY: setup demo run test lock messages clean

# Every install comes from requirements.lock: exact versions, each file checked against its hash, so a
# fresh machine gets what CI tested. The project itself runs from this folder (manage.py, pytest).
$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements.lock
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Tiên Phong: http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

# Two workers on two cores; a module's tests stay on one worker, so a module-wide fixture (the demo) loads once.
# Bytecode is written even where the environment says PYTHONDONTWRITEBYTECODE: without it every worker (and each
# `python` a test starts) compiled the project and pytest rewrote the asserts of every test module, ~6 s each time.
test: setup
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadscope $(PYTEST_ARGS)

# After changing dependencies in pyproject.toml: resolve them again, with hashes, into requirements.lock.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--no-header --quiet -o requirements.lock
	rm -f $(VENV)/.installed

# After changing UI strings in code (needs GNU gettext): merge new msgids into the catalogues, which keeps
# every translation, then compile the .mo files (committed). The Vietnamese texts live only in
# tienphong/locale/vi/LC_MESSAGES/django.po: translate there (Poedit, Weblate), see docs/translations.md;
# tests/core/test_i18n.py fails on a missing or fuzzy text, a lost placeholder or a stale .mo.
messages: setup
	cd tienphong && ../$(BIN)/python ../manage.py makemessages -l vi -l en --no-obsolete --no-location -i "migrations/*"
	cd tienphong && ../$(BIN)/python ../manage.py compilemessages -l vi -l en

clean:
	rm -rf $(VENV) var staticfiles
