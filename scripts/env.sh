# Sourced by the other scripts: the project's tools first on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$ROOT/.tools/bun/bin:$PATH"
export REFLEX_TELEMETRY_ENABLED=false
# Dev-mode hot reload watches only the code: the database, uploads and test screenshots
# live beside it and would otherwise restart the app on every write.
export REFLEX_HOT_RELOAD_OVERRIDE_PATHS="$ROOT/ekinerja"
