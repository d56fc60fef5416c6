# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run dev test test-sqlite test-postgres lint fmt bench mutate backup install install-dev browser clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# The page checkers the tests run (Nu HTML checker, Lighthouse) and the schema.org vocabulary,
# pinned in package-lock.json. No install script runs: the checker's would fetch a Java runtime
# when none is on the PATH, and the tests use the system's `java`.
node_modules/.installed: package.json package-lock.json
	@if command -v npm > /dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm absent: the HTML checker and Lighthouse tests will be skipped (apt-get install npm)."; \
	fi

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

## run: the site as in production (gunicorn, DEBUG off, whitenoise) on http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py ensure_admin
	@echo "Site : http://127.0.0.1:$(PORT)/   Administration : http://127.0.0.1:$(PORT)/admin/"
	$(VENV)/bin/gunicorn --config gunicorn.conf.py immuno_site.wsgi

## dev: Django's runserver with DEBUG on
dev: install-dev
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_admin
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite (on SQLite, then on PostgreSQL + Redis when they answer)
test: install-dev
	@scripts/test.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev
	@scripts/bench.sh

## mutate: mutation testing of the security-critical functions (about 20 minutes; not in CI)
mutate: install-dev
	@VENV=$(VENV) scripts/mutate.sh

backup: install
	$(PY) manage.py backup_db

clean:
	rm -rf $(VENV) node_modules staticfiles .cache mutants
