#!/usr/bin/env bash
# bench/crl-scale.sh: certgate serve's start-up with COUNT revocations in its store (default
# 10,000,000): seconds from exec to `listening on`, and the peak RSS (VmHWM) then. Targets: <= 10 s
# and <= 1.5 GB. The fill uses crl's revocation_writer (crl_fill), unsynced batches.
# Environment: BUILD (default build-bench), COUNT (default 10000000). Takes a few minutes and
# ~2 GB of disk in /tmp.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
BUILD=${BUILD:-build-bench}
COUNT=${COUNT:-10000000}
certgate=$BUILD/app/certgate
fill=$BUILD/bench/crl_fill
for b in "$certgate" "$fill"; do
    [[ -x $b ]] || { echo "crl-scale.sh: $b is missing; build first" >&2; exit 2; }
done
tmp=$(mktemp -d /tmp/certgate-crl-scale.XXXXXX)
data=$tmp/data
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

# start: runs certgate serve, waits for `listening on` (up to 120 s), prints "SECONDS RSS_KB".
start() {
    local t0 t1
    t0=$(date +%s.%N)
    "$certgate" serve --data "$data" --listen 127.0.0.1:0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
    pid=$!
    for _ in $(seq 1 2400); do
        grep -q "listening on" "$tmp/serve.out" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s.%N)
    local rss
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    kill -INT "$pid"; wait "$pid" 2>/dev/null || true; pid=
    echo "$(echo "$t1 - $t0" | bc) $rss"
}

start > /dev/null  # first start: keys and config
echo "crl-scale: filling $COUNT revocations"
"$fill" --db "$data/db" --count "$COUNT"
read -r secs rss < <(start)
echo "crl-scale: start-up with $COUNT revocations: ${secs} s to listening, peak RSS $((rss / 1024)) MB"
grep "loaded revocations" "$tmp/serve.err" || true
