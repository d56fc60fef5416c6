#!/usr/bin/env bash
# Mutation testing of the security-critical functions ([tool.mutmut] in pyproject.toml), on SQLite.
# The Redis store's code runs only when REDIS_URL is set: the given one, else database 15 of the
# Redis on 127.0.0.1 when it answers (the one `make test` uses). Every test run empties that
# database, so with Redis one mutant is tested at a time: two at once would wipe each other's
# counts and "kill" mutants that should survive.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

children=()
if [ -z "${REDIS_URL:-}" ] && "$VENV/bin/python" -c \
    'import socket; socket.create_connection(("127.0.0.1", 6379), timeout=1)' 2> /dev/null; then
    export REDIS_URL="redis://127.0.0.1:6379/15"
fi
if [ -n "${REDIS_URL:-}" ]; then
    children=(--max-children 1)
else
    echo "No Redis: the Redis store's mutants have no test to run (set REDIS_URL to cover them)." >&2
fi

env -u DATABASE_URL "$VENV/bin/mutmut" run "${children[@]}"
"$VENV/bin/mutmut" results
