PY := .venv/bin/python
STAMP := .venv/.installed
BENCH_STAMP := .venv/.installed-bench

.PHONY: install demo consolidate nightly test lint bench render template check clean

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

# The scheduled run (deploy/): inbox/ into outbox/ as of today in Vietnam, no progress bar.
# INBOX, OUTBOX, DEADLINE and AS_OF may be given: make nightly DEADLINE=2022-08-27
INBOX ?= inbox
OUTBOX ?= outbox
nightly: $(STAMP)
	$(PY) -m pipeline consolidate --inbox "$(INBOX)" --outbox "$(OUTBOX)" --quiet \
		$(if $(DEADLINE),--deadline $(DEADLINE)) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(REGISTRY),--registry "$(REGISTRY)")

# Bytecode is cached even where the shell sets PYTHONDONTWRITEBYTECODE: pytest rewrites and compiles
# every test module again on each run otherwise (about 3 s of the suite).
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# The bench extra (vietnam-provinces, psutil) on top of the test extra; `make bench BENCH_ARGS="--scale province"`.
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) benchmarks/bench_normalise.py
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# For districts: a pre-filled Mẫu 2 (make template DISTRICT="Huyện Càng Long" [OUT=...] [REGISTRY=...])
# and a check before sending (make check FILE="ds.xlsx" [DISTRICT=...] [FIXIT=folder] [STRICT=1]).
template: $(STAMP)
	$(PY) -m pipeline template --district "$(DISTRICT)" $(if $(PROVINCE),--province "$(PROVINCE)") \
		$(if $(OUT),--out "$(OUT)") $(if $(REGISTRY),--registry "$(REGISTRY)")

check: $(STAMP)
	$(PY) -m pipeline check "$(FILE)" $(if $(DISTRICT),--district "$(DISTRICT)") \
		$(if $(REGISTRY),--registry "$(REGISTRY)") $(if $(FIXIT),--fixit "$(FIXIT)") $(if $(STRICT),--strict)

# The demo's workbook, a feedback workbook and a fix-it copy as PDF and PNG pages (demo/render/), and the
# screenshots of docs/. LibreOffice and poppler are installed with apt-get where missing.
render: demo
	@command -v soffice >/dev/null || apt-get install -y -q libreoffice-calc
	@command -v pdftoppm >/dev/null || apt-get install -y -q poppler-utils
	$(PY) scripts/render.py

clean:
	rm -rf .venv build *.egg-info demo
