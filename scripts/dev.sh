#!/usr/bin/env bash
# One entry point for a fresh checkout: `bash scripts/dev.sh serve` installs and serves the seeds,
# `bash scripts/dev.sh test` installs and runs the whole test suite (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      # Debian splits venv and pip out of python3; install them when we can.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
      else
        echo "error: '$PYTHON -m venv' failed; install python3-venv (sudo apt-get install python3-venv)" >&2
        exit 1
      fi
    fi
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".$1"
}

case "${1:-}" in
  serve)
    shift
    ensure_venv ""
    exec "$VENV/bin/graph-api" serve "$@"
    ;;
  test)
    shift
    ensure_venv "[test,distributed]"  # the tests run PostgreSQL and Ray too
    # One test process per core (pytest-xdist); `-n 0` after `test` runs them all in this process.
    exec "$VENV/bin/python" -m pytest -n auto "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh serve [graph-api serve options] | test [pytest options]" >&2
    exit 2
    ;;
esac
