# Two commands do all set-up: `make run` opens the demo household, `make test` runs
# every test. Both create .venv with the project installed when it is missing.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test bench clean bytecode

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# The app's own modules compiled ahead, as pip does for an installed wheel: where
# PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile them from source at
# every start. Only files changed since the last run are compiled again.
bytecode:
	$(VENV)/bin/python -m compileall -q reintegrate screens benchmarks > /dev/null

run: $(STAMP) bytecode
	$(VENV)/bin/reintegrate --demo

test: $(STAMP) bytecode
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest -n auto --dist loadgroup

bench: $(STAMP) bytecode
	$(VENV)/bin/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache
