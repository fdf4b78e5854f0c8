#!/usr/bin/env bash
# Install what ekinerja needs into .venv (Python, from PyPI) and .tools (bun, from the npm registry).
# Usage: scripts/bootstrap.sh [test]   -- "test" adds the test tools and Debian's Chromium.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

BUN_VERSION=1.4.4   # the version Reflex 0.10.1 pins
requirements=requirements.txt
[ "${1:-}" = "test" ] && requirements=requirements-test.txt

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum "$requirements" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi

# Reflex downloads bun from the web unless one is on PATH: take the npm registry's build.
if [ "$(.tools/bun/bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  npm install --silent --no-fund --no-audit --prefix .tools/bun -g "bun@$BUN_VERSION"
fi

if [ "${1:-}" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi
