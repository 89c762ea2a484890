#!/usr/bin/env bash
# End-to-end answer benchmark (examples/answerbench.rs): how fast a bot ANSWERS a burst of
# Telegram updates, counted where the user sees it — replies arriving at the fake Bot API
# (crates/telegram-fake) — not webhook acknowledgements. tglink's release binary on SQLite and
# PostgreSQL against the Python peers of bench/peers (seed: telebot + Flask + gunicorn; aiogram 3).
#
#   bench/answers.sh [answerbench flags...]
#
# Builds tglink (`cargo build --release`) and the example, makes sure PostgreSQL runs (pg_isready;
# starts the local cluster with pg_ctlcluster when it is down), then runs the example with
# `--out bench/results.md` (the section "## Bot answers end to end" is replaced) plus your flags.
# Results go to stdout too; progress to stderr.
#
# Flags (passed through to the example; `--help` lists them all):
#   --quick                 smaller scenarios, to try things out (a full run of one current
#                           build and both peers takes about 10-15 minutes; a slow build longer,
#                           each wait for replies being bounded by --reply-timeout)
#   --tglink [LABEL=]BIN    a tglink binary to measure, repeatable, e.g. to compare two builds:
#                           --tglink before=/work/before-target/release/tglink \
#                           --tglink after=target/release/tglink
#                           (default: the binary this script builds, labelled "tglink"). Each
#                           binary is copied into the logs folder first, so a rebuild during the
#                           run does not change what is measured
#   --tglink-env LABEL=NAME=VALUE  extra environment for one label, repeatable
#                           (e.g. --tglink-env after=TGLINK_SEND_RATE=1000)
#   --db sqlite,postgres    tglink backends (default both)
#   --pg ADMIN_URL          PostgreSQL admin URL; each run creates and drops its own database
#                           (default postgres://postgres@127.0.0.1:5432/postgres)
#   --peers seed,aiogram    Python peers (default both; `none` for tglink only). The first run
#                           installs bench/peers/.venv from PyPI (needs python3.11)
#   --only LIST             burst0,burst50,order,paced50,burst10k,kill9 (default all)
#   --clients N             concurrent HTTP clients posting updates (default 16)
#   --reply-timeout SECS    wait for the last replies at most this long (default 120)
#   --order-latency-ms MS   sendMessage latency during order (default 0); above 0 the table
#                           also counts chats whose replies came closer together than that
#                           (two updates of one chat handled at the same time)
#   --kill-latency-ms MS    sendMessage latency during kill9 (default 0)
#   --kill-timeout SECS     kill9: wait at most this long after the restart (default 600)
#   --update-concurrency N  TGLINK_UPDATE_CONCURRENCY for tglink (default: tglink's own, 64)
#   --send-rate N           TGLINK_SEND_RATE for tglink (default: tglink's own, 30)
#   --logs DIR              keep the targets' logs there (default /tmp/answerbench-<time>)
#   --out FILE              where to merge the results (this script passes bench/results.md;
#                           a later --out wins)
#
# Environment:
#   CARGO_TARGET_DIR        cargo's target folder (default target/); the tglink binary measured
#                           by default is $CARGO_TARGET_DIR/release/tglink
#   ANSWERBENCH_SKIP_BUILD=1  use the binaries already built
#   ANSWERBENCH_APP_ENV="NAME=value ..."  extra environment for tglink
#   PG_ADMIN_URL            same as --pg (a --pg flag wins)
#
# Everything listens on 127.0.0.1; every process the benchmark starts is killed when it ends
# (also on error or Ctrl-C).
set -euo pipefail

cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
pg_url="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

if [ "${ANSWERBENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "answers.sh: cargo build --release" >&2
    cargo build --release >&2
    cargo build --release --example answerbench >&2
fi

# The flags this script needs to know: --pg and --db (the last of each wins, as in the example).
dbs="sqlite,postgres"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --pg) pg_url="${args[$((i + 1))]:-$pg_url}" ;;
        --db) dbs="${args[$((i + 1))]:-$dbs}" ;;
    esac
done

# PostgreSQL: only when tglink is measured on it.
if [[ ",$dbs," == *",postgres,"* ]]; then
    pg_host="$(printf '%s' "$pg_url" | sed -E 's#^[a-z]+://([^@/]*@)?([^:/]+).*#\2#')"
    pg_port="$(printf '%s' "$pg_url" | sed -nE 's#^[a-z]+://([^@/]*@)?[^:/]+:([0-9]+).*#\2#p')"
    pg_port="${pg_port:-5432}"
    if ! pg_isready -q -h "$pg_host" -p "$pg_port"; then
        echo "answers.sh: PostgreSQL is not running at $pg_host:$pg_port; starting it" >&2
        for version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
        done
        for _ in $(seq 1 30); do
            pg_isready -q -h "$pg_host" -p "$pg_port" && break
            sleep 1
        done
        pg_isready -h "$pg_host" -p "$pg_port" >&2
    fi
fi

exec "$target_dir/release/examples/answerbench" \
    --pg "$pg_url" --out bench/results.md "$@"
