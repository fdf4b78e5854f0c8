#!/usr/bin/env bash
# Install everything, create the SQLite database with realistic demo data, and run the app.
# Open http://localhost:3000 and log in with a demo account from README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/env.sh
python -m ekinerja.migrate
python -m ekinerja.demo.seed
exec reflex run --frontend-port "${FRONTEND_PORT:-3000}" --backend-port "${BACKEND_PORT:-8000}"
