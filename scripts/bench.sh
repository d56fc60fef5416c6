#!/usr/bin/env bash
# `make bench`: installs wrk if missing, then runs scripts/bench.py (SQLite, and PostgreSQL + Redis
# when DATABASE_URL and REDIS_URL are set). Only 127.0.0.1 is ever loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk > /dev/null; then
    echo "wrk is missing: installing it with apt-get."
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq wrk
fi
command -v taskset > /dev/null || { echo "taskset (util-linux) is needed to pin server and load generator." >&2; exit 1; }

exec .venv/bin/python scripts/bench.py "$@"
