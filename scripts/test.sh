#!/usr/bin/env bash
# Runs the whole pytest suite on SQLite, then again on PostgreSQL + Redis when both answer on
# 127.0.0.1 (CI=true makes their absence an error). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
$PY manage.py makemigrations --check --dry-run > /dev/null

echo "== Suite on SQLite =="
env -u DATABASE_URL -u REDIS_URL .venv/bin/pytest "$@"

if $PY scripts/services_up.py; then
    echo "== Suite on PostgreSQL + Redis =="
    DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/immuno}" \
    REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}" \
        .venv/bin/pytest "$@"
elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL or Redis does not answer on 127.0.0.1: CI needs both." >&2
    exit 1
else
    echo "PostgreSQL or Redis does not answer on 127.0.0.1: the suite ran on SQLite only."
fi
