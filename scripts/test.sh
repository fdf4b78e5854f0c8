#!/usr/bin/env bash
# Install what the tests need (Python packages, bun, Debian's Chromium) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
source scripts/env.sh
exec python -m pytest "$@"
