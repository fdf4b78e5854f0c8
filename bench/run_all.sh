#!/usr/bin/env bash
# Rerun every benchmark and print the figures; writes bench/results/latest.jsonl (one JSON object per
# measurement) and bench/results/summary.md (the table docs/performance.md quotes).
# Usage: bench/run_all.sh [--quick]     (--quick: small sizes, a few minutes, for checking the scripts)
# BENCH_APPS="after=.,before=/tmp/before" measures two checkouts side by side in each benchmark (make the
# second with `git worktree add --detach /tmp/before main` and symlink .venv/.tools into it).
# Uses its own PostgreSQL/Redis (EKINERJA_SERVICES_DIR/EKINERJA_PG_PORT/EKINERJA_REDIS_PORT, defaults
# below) and its own databases (PostgreSQL "ekinerja_bench", SQLite under $BENCH_DATA): it empties them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export EKINERJA_SERVICES_DIR="${EKINERJA_SERVICES_DIR:-/tmp/ekinerja-bench-services}"
export EKINERJA_PG_PORT="${EKINERJA_PG_PORT:-55490}" EKINERJA_REDIS_PORT="${EKINERJA_REDIS_PORT:-56490}"
export EKINERJA_PG_DB=ekinerja_bench
BENCH_DATA="${BENCH_DATA:-/tmp/ekinerja-bench-data}"
WORKERS="${BENCH_WORKERS:-2}"

if [ "${1:-}" = "--quick" ]; then
  EMPLOYEES=1000; SIZES=20,100; SQLITE_SIZES=20,100; MEMORY=0,100,300; LEVELS=100:10; WINDOW=10; LOCK_CYCLES=2000
else
  EMPLOYEES=20000; SIZES=100,500,2000; SQLITE_SIZES=100,500; MEMORY=0,500,2000; LEVELS=2000:50,3000:150,5000:250; WINDOW=30; LOCK_CYCLES=20000
fi
APPS="${BENCH_APPS:-}"
# The app's clock on a working day, so the saves pass the calendar whatever day the run is on.
export EKINERJA_CLOCK_DATE="${EKINERJA_CLOCK_DATE:-$(python -c 'from bench.datagen import last_working_day; print(last_working_day())')}"

mkdir -p bench/results "$BENCH_DATA"
export BENCH_RESULTS="$PWD/bench/results/latest.jsonl"
: > "$BENCH_RESULTS"
eval "$(scripts/services.sh start)"
trap 'scripts/services.sh stop' EXIT
PG="$EKINERJA_DATABASE_URL"
REDIS="$EKINERJA_REDIS_URL"
SQLITE="sqlite:///$BENCH_DATA/bench.db"

python -m bench.machine
echo "== 2. monthly recap, PostgreSQL ($EMPLOYEES employees)"
python -m bench.recap --url "$PG" --build "$EMPLOYEES" --repeat 2
echo "== 1. month-end submission, PostgreSQL + Redis, $WORKERS workers: $SIZES"
python -m bench.submit --url "$PG" --redis "$REDIS" --workers "$WORKERS" --sizes "$SIZES" --apps "$APPS"
echo "== 1b. month end, open loop, PostgreSQL + Redis, $WORKERS workers: $LEVELS"
python -m bench.openloop --url "$PG" --redis "$REDIS" --workers "$WORKERS" --levels "$LEVELS" --seconds "$WINDOW" --apps "$APPS"
echo "== 3. memory per idle session, PostgreSQL + Redis, $WORKERS workers: $MEMORY"
python -m bench.memory --url "$PG" --redis "$REDIS" --workers "$WORKERS" --steps "$MEMORY" --apps "$APPS"
echo "== 3c. lock notifications a worker is sent, Reflex's state manager and the app's"
python -m bench.lock_notes --redis "$REDIS" --cycles "$LOCK_CYCLES"
echo "== 4. Dashboard page load, production build"
python -m bench.pageload --url "$PG" --redis "$REDIS" --workers "$WORKERS"
echo "== 2. monthly recap, SQLite ($EMPLOYEES employees)"
rm -f "$BENCH_DATA"/bench.db*
python -m bench.recap --url "$SQLITE" --build "$EMPLOYEES" --repeat 2
echo "== 1. month-end submission, SQLite, 1 worker: $SQLITE_SIZES"
python -m bench.submit --url "$SQLITE" --workers 1 --sizes "$SQLITE_SIZES" --port 8742 --apps "$APPS" --no-blank
python -m bench.machine
python -m bench.report "$BENCH_RESULTS" | tee bench/results/summary.md
