#!/usr/bin/env bash
# Install what the tests need (Python packages, bun, Debian's Chromium, PostgreSQL and Redis)
# and run the whole suite twice: on the embedded defaults (SQLite, in-process state), then the
# database and browser tests again on PostgreSQL with Redis as Reflex's state manager.
# Arguments go to pytest and run only the first pass.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
source scripts/env.sh

if [ $# -gt 0 ]; then
  exec python -m pytest "$@"
fi

python -m pytest

eval "$(scripts/services.sh start)"
trap 'scripts/services.sh stop' EXIT
echo "== again on PostgreSQL + Redis =="
EKINERJA_BROWSER_DATABASE_URL="$EKINERJA_DATABASE_URL" python -m pytest tests/integration tests/browser tests/test_access_walk.py
