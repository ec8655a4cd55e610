PY := .venv/bin/python
STAMP := .venv/.installed

.PHONY: install demo consolidate test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m pipeline demo

consolidate: $(STAMP)
	$(PY) -m pipeline consolidate

# Bytecode is cached even where the shell sets PYTHONDONTWRITEBYTECODE: pytest rewrites and compiles
# every test module again on each run otherwise (about 3 s of the suite).
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) benchmarks/bench_normalise.py

clean:
	rm -rf .venv build *.egg-info demo
