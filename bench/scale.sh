#!/usr/bin/env bash
# The scale drill (issue 29), one command: N linked members (default 1,000,000) seeded in SQL,
# paid broadcasts at 1,000 messages a second against the fake Bot API (1,000/s enforced, 30/s
# without the flag, 50 ms per call), one broadcast to everyone.
#   PostgreSQL: two `tglink serve` behind nginx sharing the database; the compose POST (enqueue);
#     the send rate; the sender killed with -9 at 30% and the other taking over (seconds until
#     sending resumes, lost, repeated); 20 Telegram users sending /help once a second (reply p99);
#     the dashboard and the users search through nginx (p99); each instance's RSS every 5 s; the
#     database's size.
#   SQLite: one instance; the enqueue time and the send rate over the first 60 s.
# About 30 minutes at a million on 2 cores (mostly the 1,000 s of sending); the table goes to
# bench/results.md (the section "Scale drill" is replaced) and is printed.
#
#   bench/scale.sh                       a million members, PostgreSQL then SQLite
#   bench/scale.sh --members 100000      a smaller run
# Settings (environment): BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; the
# drill creates and drops its own database), BENCH_BACKENDS (default "postgres sqlite"),
# DRILL_NO_BUILD=1 to use the release build as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
members=1000000
while [ $# -gt 0 ]; do
    case "$1" in
        --members) members="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "== installing nginx"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light
    else sudo apt-get update -qq && sudo apt-get install -y -qq nginx-light; fi
fi
export PATH="$PATH:/usr/sbin"
if [ -z "${DRILL_NO_BUILD:-}" ]; then
    cargo build --release --bin tglink --example scaledrill
fi
out="$(mktemp)"
target/release/examples/scaledrill --members "$members" \
    --backends "${BENCH_BACKENDS:-postgres sqlite}" \
    --pg-url "${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}" --out "$out"
# Replace the drill's section of bench/results.md (from its heading to the next "## ").
python3 - "$out" bench/results.md <<'PY'
import re, sys
new = open(sys.argv[1]).read().rstrip() + "\n"
path = sys.argv[2]
old = open(path).read()
pat = re.compile(r"^## Scale drill \(issue 29\).*?(?=^## |\Z)", re.S | re.M)
text = pat.sub(lambda _: new + "\n", old) if pat.search(old) else old.rstrip() + "\n\n" + new
open(path, "w").write(text)
PY
rm -f "$out"
