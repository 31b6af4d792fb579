# The two commands: `make run` and `make test`. Everything else is setup they do for you.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test test-fast bench fuzz mutate screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## make run: venv, install, database with demo data, serve on http://127.0.0.1:$(PORT)/
run: $(VENV)/.installed
	$(BIN)/flask --app app esop migrate
	$(BIN)/flask --app app esop demo
	PORT=$(PORT) $(BIN)/python app.py

## make test: venv with dev tools, then every test (unit, web, browser)
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

## make test-fast: everything but the browser tests
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not browser"

## make bench: load figures (hello baseline, fragments, login, journeys, 1M members), addresses, P1 mixed load (5 min)
bench: $(VENV)/.installed-dev
	@for f in load address mixed; do echo "== bench/$$f.py"; $(BIN)/python bench/$$f.py || exit 1; done

## make fuzz: atheris on the parsers, 10 minutes per target (S8); not part of bench (40 minutes)
fuzz: $(VENV)/.installed-dev
	$(BIN)/python bench/fuzz.py

## make mutate: mutmut over esop/rules, esop/security, esop/codes.py and esop/limits.py against tests/unit, then the kill rate per module
## (fails under 95 % of non-equivalent mutants; equivalents in tests/unit/equivalent_mutants.txt). 2 workers:
## the machine is shared. Always from scratch: mutmut 3.8.1 does not re-run a cached survivor when only the
## tests changed, so a reused mutants/ can report a mutant a new test kills as surviving.
mutate: $(VENV)/.installed-dev
	@rm -rf mutants && mkdir -p mutants
	@echo "mutmut run (log in mutants/run.log) …"
	@$(BIN)/mutmut run --max-children 2 >mutants/run.log 2>&1 || { tail -40 mutants/run.log; exit 1; }
	@grep -ao "[0-9.]* mutations/second" mutants/run.log | tail -1
	$(BIN)/python tests/mutation_report.py

## make screenshots: every main page and sign-up step at 1280 px and 320 px, as PNGs in screenshots/ (not committed)
screenshots: $(VENV)/.installed-dev
	$(BIN)/python tests/browser/screenshots.py --out screenshots

clean:
	rm -rf $(VENV) .pytest_cache
