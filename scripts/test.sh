#!/usr/bin/env bash
# Install what the tests need (Python packages, bun, Debian's Chromium, PostgreSQL and Redis) and run:
#   lint    ruff over the whole tree;
#   pass 1  the whole suite on the embedded defaults (SQLite, in-process state, `reflex run` dev mode):
#           the tests without a browser in two processes (pytest-xdist), then the browser and protocol
#           tests against one running app;
#   dates   the date-sensitive tests (marker `dated`) again with the app's clock pinned to a Saturday,
#           a national holiday that is also 1 January, and a month end on 29 February
#           (EKINERJA_TEST_DATES overrides the list);
#   pass 2  the database and browser tests again in production: the tests without a browser on
#           PostgreSQL; the browser, protocol and fault tests against PostgreSQL, Redis as Reflex's
#           state manager, the app started by scripts/prod.sh with two backend workers (plus a second
#           backend instance for tests/browser/test_workers.py); the phone layout walk runs in pass 1
#           only, since what it checks does not depend on the database or the workers;
# then checks that the run left the tracked tree as it found it. Every step runs even when an
# earlier one failed; one summary line per step at the end, and the exit status is non-zero if any
# step failed. Arguments go to pytest and run only those tests, once, on the defaults.
#
# After lint, three tracks run side by side, since the browser steps mostly wait (on the browser, the
# websocket, the idle and lockout clocks) and leave the CPU to the others: (1) pass 1 without a
# browser, then pass 2 without a browser; (2) pass 1's browser step; (3) pass 2's browser step, then
# the date sweeps (the tracks take about as long as each other). They share nothing: pass 1 uses SQLite files of its own and `.web`; pass 2's database
# tests the test database of scripts/services.sh, its app the other database, its Redis and
# `.web-pass2` (the fault test starts servers of its own). Each step's output is printed whole when
# the step ends, so the tracks' lines never interleave; TEST_SERIAL=1 runs the tracks one after another.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1
source scripts/env.sh

if [ $# -gt 0 ]; then
  exec python -m pytest "$@"
fi

# The dev-mode app's saved tab states are only a cache; left from earlier runs, expired ones make
# Reflex purge them as each test process imports the app, and two processes purging at once race
# (one removes a file the other is reading).
rm -rf .states

DATES="${EKINERJA_TEST_DATES:-2026-12-05 2027-01-01 2028-02-29}"
results=$(mktemp -d)
trap 'scripts/services.sh stop >/dev/null 2>&1; rm -rf "$results"' EXIT

tree_state() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  { git status --porcelain; git diff HEAD; } | sha256sum
}

count() {  # the number before "$1" in a pytest summary line, 0 when absent
  local n
  n=$(grep -oE "[0-9]+ $1" <<<"$2" | head -1 | cut -d' ' -f1)
  echo "${n:-0}"
}

# step ORDER NAME COMMAND...: runs it, prints its output whole when it ends, and keeps its closing
# line, status and duration in $results/ORDER (the summary lists the steps by ORDER).
step() {
  local order=$1 name=$2 log rc started line
  shift 2
  log="$results/$order.log"
  started=$SECONDS
  "$@" >"$log" 2>&1
  rc=$?
  line=$(grep -E '(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')
  [ -n "$line" ] || line=$([ "$rc" -eq 0 ] && echo ok || echo "failed")
  printf '%s\t%s\t%s\t%s\n' "$name" "$line" "$rc" "$((SECONDS - started))" >"$results/$order.result"
  {
    flock 9
    echo "== $name (exit $rc, $((SECONDS - started)) s) =="
    cat "$log"
  } 9>"$results/print.lock"
}

# on_servers COMMAND...: runs it with the URLs of scripts/services.sh (PostgreSQL, Redis) exported.
on_servers() {
  [ -n "$services" ] || { echo "PostgreSQL/Redis did not start"; return 1; }
  (eval "$services" && "$@")
}

without_browser() {
  step 10 "pass 1 (SQLite): unit, integration, access walk" python -m pytest -n 2 --durations=25 -m "not browser"
  step 80 "pass 2 (PostgreSQL): integration, access walk" \
    on_servers python -m pytest -p no:cacheprovider --durations=25 tests/integration tests/test_access_walk.py
}

with_browser() {
  step 20 "pass 1 (SQLite, dev mode app): browser and protocol" \
    python -m pytest -p no:cacheprovider --durations=25 -m browser
}

production_app_tests() {  # the app on the services' database; the test database is the other track's
  EKINERJA_BROWSER_DATABASE_URL="$EKINERJA_DATABASE_URL" EKINERJA_BROWSER_MODE=prod EKINERJA_BROWSER_WORKERS=2 \
    REFLEX_WEB_WORKDIR=.web-pass2 python -m pytest -p no:cacheprovider --durations=25 \
    tests/browser tests/security tests/faults --ignore=tests/browser/test_phone_fit.py
}

production() {
  step 90 "pass 2 (PostgreSQL + Redis, production start, 2 workers): browser, protocol, faults" \
    on_servers production_app_tests
}

dates() {
  local order=30 day
  for day in $DATES; do
    step $((order++)) "dates: $day" env EKINERJA_CLOCK_DATE="$day" python -m pytest -n 2 -q -p no:cacheprovider \
      -m "dated and not browser" tests/unit tests/integration
  done
}

before=$(tree_state)

step 00 "lint" ruff check .
services=$(scripts/services.sh start) || services=""
if [ "${TEST_SERIAL:-}" = 1 ]; then
  without_browser
  with_browser
  production
  dates
else
  # Stop every track (and the servers) if the run itself is interrupted.
  trap 'trap - INT TERM; kill 0' INT TERM
  without_browser &
  with_browser &
  { production; dates; } &
  wait
fi

summary=()
failed=0
passed_total=0
failed_total=0
set -- $DATES
expected=$((5 + $#))
reported=$(find "$results" -name '*.result' | wc -l)
if [ "$reported" -ne "$expected" ]; then
  summary+=("steps: only $reported of $expected steps reported (a track stopped early)")
  failed=1
fi
for result in "$results"/*.result; do
  IFS=$'\t' read -r name line rc seconds <"$result"
  passed_total=$((passed_total + $(count passed "$line")))
  failed_total=$((failed_total + $(count failed "$line") + $(count error "$line")))
  summary+=("$name: $line (exit $rc, $seconds s)")
  [ "$rc" -eq 0 ] || failed=1
done

if [ "$(tree_state)" = "$before" ]; then
  summary+=("tree: the run left the tracked files as it found them")
else
  summary+=("tree: the run changed files (git status):")
  while read -r changed; do summary+=("  $changed"); done < <(git status --porcelain)
  failed=1
fi

echo "== summary =="
printf '%s\n' "${summary[@]}"
echo "total: $passed_total passed, $failed_total failed in $SECONDS s"
exit "$failed"
