#!/usr/bin/env bash
# Runs one Python benchmark peer of tglink's bot (see README.md beside this file) in the
# foreground on 127.0.0.1:PORT, so the caller can stop it with SIGTERM (or SIGKILL).
#
#   bench/peers/run_peer.sh seed|aiogram PORT FAKE_API_URL BOT_TOKEN SECRET DB_PATH
#
#   seed      pyTelegramBotAPI + Flask + sqlite3 under `gunicorn -w 2` (sync workers)
#   aiogram   aiogram 3 + aiohttp (SimpleRequestHandler) + aiosqlite, one process
#   aiogram-min  the minimal aiogram 3 bot: only /start (lookup in plain sqlite3, reply)
#   PORT          listen port; the webhook is POST http://127.0.0.1:PORT/telegram/webhook
#                 (GET /healthz answers "ok" once the peer is up)
#   FAKE_API_URL  Bot API base, e.g. http://127.0.0.1:8081: replies go to
#                 POST FAKE_API_URL/bot<BOT_TOKEN>/sendMessage
#   BOT_TOKEN     bot token, e.g. 123456:ABC
#   SECRET        the webhook's X-Telegram-Bot-Api-Secret-Token (other values get 401)
#   DB_PATH       SQLite file; created with schema.sql when missing (schema.sql is idempotent)
#
# Environment: PEER_SITE_NAME (default tglink) and PEER_SITE_URL (default none) for the texts,
# PEER_LOG_LEVEL (default WARNING), PYTHON (interpreter for the venv, default python3.11, else
# python3; 3.11 or newer).
# First run: creates bench/peers/.venv and installs requirements.txt from PyPI (about a minute);
# later runs reuse it, and reinstall only when requirements.txt changes.
set -euo pipefail

if [ $# -ne 6 ]; then
    sed -n '2,22p' "$0" >&2
    exit 2
fi
peer="$1"
case "$peer" in
    seed|aiogram|aiogram-min) ;;
    *) echo "run_peer.sh: unknown peer '$peer' (seed, aiogram or aiogram-min)" >&2; exit 2 ;;
esac
export PEER_PORT="$2" PEER_FAKE_API_URL="$3" PEER_BOT_TOKEN="$4" PEER_WEBHOOK_SECRET="$5"
export PEER_DB
PEER_DB="$(realpath -m "$6")"
export PEER_SITE_NAME="${PEER_SITE_NAME:-tglink}"

here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"

# The venv, once; serialised with flock so two peers started together do not both install.
python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
(
    flock 9
    stamp="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
    if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$stamp" ]; then
        echo "run_peer.sh: installing $here/requirements.txt into $venv" >&2
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r "$here/requirements.txt" >&2
        echo "$stamp" > "$venv/.requirements.sha256"
    fi
) 9>"$here/.venv.lock"

mkdir -p "$(dirname "$PEER_DB")"
"$venv/bin/python" - "$PEER_DB" "$here/schema.sql" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=5.0)
db.executescript(open(sys.argv[2]).read())
db.close()
PY

cd "$here"
if [ "$peer" = seed ]; then
    exec "$venv/bin/gunicorn" -w 2 -k sync -b "127.0.0.1:$PEER_PORT" \
        --log-level "$(echo "${PEER_LOG_LEVEL:-warning}" | tr '[:upper:]' '[:lower:]')" \
        seed_style:app
elif [ "$peer" = aiogram-min ]; then
    exec "$venv/bin/python" aiogram_min.py
else
    exec "$venv/bin/python" aiogram_bot.py
fi
