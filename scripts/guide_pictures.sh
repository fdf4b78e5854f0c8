#!/usr/bin/env bash
# Regenerate the user guide's pictures (assets/panduan/*.png) from the running demo app.
# The test suite takes the same pictures into test-results/ and leaves the tracked tree alone.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
source scripts/env.sh
EKINERJA_GUIDE_PICTURES="$PWD/assets/panduan" exec python -m pytest -q tests/browser/test_panduan_screens.py "$@"
