#!/usr/bin/env bash
# Install what the tests need (Python packages, bun, Debian's Chromium, PostgreSQL and Redis) and run:
#   lint    ruff over the whole tree;
#   pass 1  the whole suite on the embedded defaults (SQLite, in-process state, `reflex run` dev mode):
#           the tests without a browser in two processes (pytest-xdist), then the browser and protocol
#           tests against one running app;
#   dates   the date-sensitive tests (marker `dated`) again with the app's clock pinned to a Saturday,
#           a national holiday that is also 1 January, and a month end on 29 February
#           (EKINERJA_TEST_DATES overrides the list);
#   pass 2  the database and browser tests again in production: PostgreSQL, Redis as Reflex's state
#           manager, the app started by scripts/prod.sh with two backend workers (plus a second
#           backend instance for tests/browser/test_workers.py); the phone layout walk runs in pass 1
#           only, since what it checks does not depend on the database or the workers;
# then checks that the run left the tracked tree as it found it. Every step runs even when an
# earlier one failed; one summary line per step at the end, and the exit status is non-zero if any
# step failed. Arguments go to pytest and run only those tests, once, on the defaults.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test || exit 1
source scripts/env.sh

if [ $# -gt 0 ]; then
  exec python -m pytest "$@"
fi

DATES="${EKINERJA_TEST_DATES:-2026-12-05 2027-01-01 2028-02-29}"
summary=()
failed=0
passed_total=0
failed_total=0

tree_state() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  { git status --porcelain; git diff HEAD; } | sha256sum
}

count() {  # the number before "$1" in a pytest summary line, 0 when absent
  local n
  n=$(grep -oE "[0-9]+ $1" <<<"$2" | head -1 | cut -d' ' -f1)
  echo "${n:-0}"
}

# step NAME COMMAND...: runs it, keeps its closing line and status.
step() {
  local name=$1 log rc started line
  shift
  log=$(mktemp)
  started=$SECONDS
  echo "== $name =="
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')
  if [ -n "$line" ]; then
    passed_total=$((passed_total + $(count passed "$line")))
    failed_total=$((failed_total + $(count failed "$line") + $(count error "$line")))
  fi
  rm -f "$log"
  [ -n "$line" ] || line=$([ "$rc" -eq 0 ] && echo ok || echo "failed")
  summary+=("$name: $line (exit $rc, $((SECONDS - started)) s)")
  [ "$rc" -eq 0 ] || failed=1
}

before=$(tree_state)

step "lint" ruff check .

step "pass 1 (SQLite): unit, integration, access walk" python -m pytest -n 2 --durations=25 -m "not browser"
step "pass 1 (SQLite, dev mode app): browser and protocol" python -m pytest --durations=25 -m browser

for day in $DATES; do
  step "dates: $day" env EKINERJA_CLOCK_DATE="$day" python -m pytest -n 2 -q -p no:cacheprovider -m "dated and not browser" \
    tests/unit tests/integration
done

if services=$(scripts/services.sh start); then
  eval "$services"
  trap 'scripts/services.sh stop' EXIT
  step "pass 2 (PostgreSQL + Redis, production start, 2 workers)" \
    env EKINERJA_BROWSER_DATABASE_URL="$EKINERJA_DATABASE_URL" EKINERJA_BROWSER_MODE=prod EKINERJA_BROWSER_WORKERS=2 \
    python -m pytest --durations=25 tests/integration tests/browser tests/security tests/test_access_walk.py tests/faults \
      --ignore=tests/browser/test_phone_fit.py
else
  summary+=("pass 2: PostgreSQL/Redis did not start")
  failed=1
fi

if [ "$(tree_state)" = "$before" ]; then
  summary+=("tree: the run left the tracked files as it found them")
else
  summary+=("tree: the run changed files (git status):")
  while read -r changed; do summary+=("  $changed"); done < <(git status --porcelain)
  failed=1
fi

echo "== summary =="
printf '%s\n' "${summary[@]}"
echo "total: $passed_total passed, $failed_total failed"
exit "$failed"
