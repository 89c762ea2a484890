#!/usr/bin/env bash
# tglink load and fault benchmark: the release binary, a fresh database per scenario, the fake
# Telegram Bot API (in the orchestrator's process) and wrk, once on SQLite and once on PostgreSQL,
# then a few minutes of fuzzing. Results go to bench/results.md (each part replaces its section).
#
#   bench/run.sh             full run (about 25 minutes on 2 cores)
#   bench/run.sh --quick     short run (a few minutes), for trying changes
#
# Settings (environment):
#   BENCH_BACKENDS   which backends, default "sqlite postgres"
#   BENCH_PG_URL     PostgreSQL admin URL, default postgres://postgres@127.0.0.1:5432/postgres;
#                    each scenario creates and drops its own database tglink_bench_<random>
#   BENCH_FUZZ_SECS  fuzzing time in all, default 180 (45 with --quick); 0 skips it
#   BENCH_OUT        results file, default bench/results.md
#   BENCH_ONLY       scenarios, comma-separated: webhook,linking,pages,broadcast,broadcast-502,
#                    broadcast-chat,enqueue,faults
#
# Scenarios (examples/loadbench.rs runs them; each reports throughput, p50/p99, errors and the
# app's peak RSS from /proc/<pid>/status VmHWM):
#   1. webhook intake, ordinary messages: the saturated rate (acknowledged and processed), then
#      latency paced at half the sustained rate;
#   2. webhook intake, `/start <token>` for users with pre-issued tokens, then Confirm presses;
#      checks at the end that every user got linked;
#   3. GET /connect for a signed-in user, POST /api/v1/notifications with a Bearer token;
#   4. valid logins (argon2id) saturating the hashing slots while a paced wrk measures /healthz;
#   5. broadcasts through the admin compose form at TGLINK_SEND_RATE=30 (900 recipients) and
#      1000 (10,000) against a fake that enforces that rate (429s counted), and the time to
#      enqueue a broadcast to 100,000 recipients; a broadcast to 1,000 at 100/s with a fifth of
#      all sendMessage calls (retries included) answered 502, against the same without faults;
#      a broadcast at 30/s while 200 members send the bot /help (reply latency, sends within
#      the budget, 429s);
#   6. faults during a broadcast, each counting recipients who never got it (lost) and who got
#      it twice (duplicated): Telegram down 30 s; kill -9 and restart; on PostgreSQL the server
#      restarted under broadcast + webhook load (pg_ctlcluster); on SQLite the disk full (a small
#      tmpfs, so this needs root);
#   7. fuzzing: the proptest tests for the update handler and the account forms, with
#      PROPTEST_CASES sized to fill BENCH_FUZZ_SECS.
# Everything listens on 127.0.0.1. Needs wrk (installed with apt-get when missing), and for the
# PostgreSQL half a local server (the restart fault uses pg_ctlcluster, so run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
fuzz_secs="${BENCH_FUZZ_SECS:-180}"
for arg in "$@"; do
    case "$arg" in
        --quick) quick="--quick"; fuzz_secs="${BENCH_FUZZ_SECS:-45}" ;;
        -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
    esac
done
backends="${BENCH_BACKENDS:-sqlite postgres}"
pg_url="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
out="${BENCH_OUT:-bench/results.md}"
only=()
if [ -n "${BENCH_ONLY:-}" ]; then only=(--only "$BENCH_ONLY"); fi

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq wrk
    else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi

echo "== building the release binary and the orchestrator"
cargo build --release --bin tglink --example loadbench

child=""
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi' INT TERM
run() {
    # In the background so a trap can forward INT/TERM; the orchestrator cleans up on either.
    target/release/examples/loadbench "$@" &
    child=$!
    local status=0
    wait "$child" || status=$?
    child=""
    return "$status"
}

failed=0
for backend in $backends; do
    case "$backend" in
        sqlite) db="sqlite" ;;
        postgres) db="$pg_url" ;;
        *) echo "unknown backend $backend" >&2; exit 2 ;;
    esac
    echo "== $backend ($(uptime))"
    run --db "$db" $quick --out "$out" "${only[@]}" || { echo "!! $backend run failed" >&2; failed=1; }
done

if [ "$fuzz_secs" -gt 0 ]; then
    echo "== fuzzing for ${fuzz_secs}s ($(uptime))"
    run --fuzz "$fuzz_secs" --out "$out" || { echo "!! fuzzing failed" >&2; failed=1; }
fi

echo "== results in $out"
exit "$failed"
