#!/usr/bin/env bash
# The production start (docs/production.md): install the runtime, check the configuration,
# migrate the database, then serve with Reflex's production mode.
#
# Reflex 0.10.1's production mode builds the frontend once into static files and serves them
# from the same granian backend workers that handle the event websocket, on one port: a reverse
# proxy in front needs a single upstream, and no Node/bun server runs in production.
#
# Configuration: the EKINERJA_* variables of ekinerja/config.py (checked before anything starts;
# several workers need EKINERJA_REDIS_URL), plus for this script:
#   EKINERJA_HOST [0.0.0.0]      address to listen on (127.0.0.1 behind a local reverse proxy)
#   EKINERJA_PORT [3000]         port to listen on
#   EKINERJA_SKIP_BOOTSTRAP=1    packages are already installed (CI, images built beforehand)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${EKINERJA_SKIP_BOOTSTRAP:-}" = 1 ] || scripts/bootstrap.sh
source scripts/env.sh

host="${EKINERJA_HOST:-0.0.0.0}"
port="${EKINERJA_PORT:-3000}"

# Prints every bad variable and stops here when the configuration cannot work.
workers="$(python -m ekinerja.config --workers)"
python -m ekinerja.config | sed 's/^/ekinerja: /' >&2
if [ -n "${EKINERJA_REDIS_URL:-}" ]; then
  python -c 'import os, redis; redis.Redis.from_url(os.environ["EKINERJA_REDIS_URL"]).ping()' \
    || { echo "ekinerja: Redis at EKINERJA_REDIS_URL does not answer" >&2; exit 1; }
fi

python -m ekinerja.migrate

# Reflex reads the worker count of its granian server from GRANIAN_WORKERS.
export GRANIAN_WORKERS="$workers"
exec reflex run --env prod --single-port --backend-host "$host" --frontend-port "$port" --backend-port "$port"
