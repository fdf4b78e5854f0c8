#!/usr/bin/env bash
# Install what the tests need (Python packages, bun, Debian's Chromium, PostgreSQL and Redis)
# and run the whole suite twice: on the embedded defaults (SQLite, in-process state, `reflex run`
# dev mode), then the database and browser tests again in production: PostgreSQL, Redis as
# Reflex's state manager, the app started by scripts/prod.sh with two backend workers (plus a
# second backend instance for tests/browser/test_workers.py).
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
echo "== again on PostgreSQL + Redis, production mode, 2 backend workers =="
EKINERJA_BROWSER_DATABASE_URL="$EKINERJA_DATABASE_URL" EKINERJA_BROWSER_MODE=prod EKINERJA_BROWSER_WORKERS=2 \
  python -m pytest tests/integration tests/browser tests/test_access_walk.py tests/faults
