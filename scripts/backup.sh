#!/usr/bin/env bash
# Backup the database (SQLite or PostgreSQL, from EKINERJA_DATABASE_URL) and the evidence files
# (EKINERJA_DATA_DIR/evidence). See ekinerja/backup.py and docs/security.md "Backup and restore".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
exec python -m ekinerja.backup create "$@"
