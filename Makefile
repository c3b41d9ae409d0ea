# Two commands on a fresh machine: `make run` (demo on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: setup demo run test messages check-messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Tiên Phong: http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

test: setup
	$(BIN)/python -m pytest

# Refresh the catalogues after changing UI strings (needs GNU gettext); add new Vietnamese
# texts to scripts/vi_catalogue.py, which compiles the .mo and lists what is still missing.
messages: setup
	cd tienphong && ../$(BIN)/python ../manage.py makemessages -l vi -l en --no-obsolete --no-location -i "migrations/*"
	$(BIN)/python scripts/vi_catalogue.py

clean:
	rm -rf $(VENV) var staticfiles
