# Sourced by the other scripts: the project's tools first on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$ROOT/.tools/bun/bin:$PATH"
export REFLEX_TELEMETRY_ENABLED=false
