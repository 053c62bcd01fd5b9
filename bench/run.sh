#!/usr/bin/env bash
# bench/run.sh: the bench suite in at most 15 minutes. Builds nothing: run it after
#   cmake -S . -B build-bench -G Ninja && cmake --build build-bench -j2
# Writes bench/results/<UTC stamp>/ (raw outputs, JSON, SVG charts) and bench/results/<stamp>.md
# (the table), and prints the table. Everything listens on 127.0.0.1 only.
#
# Environment: BUILD (build dir, default build-bench), SECONDS_HTTP (per HTTP run, default 10),
# SECONDS_CPU (per in-process figure, default 3), SEED_N (certificates, default 10000),
# THREADS (server threads, default 2), CONNS (connections, default 32).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
BUILD=${BUILD:-build-bench}
SECONDS_HTTP=${SECONDS_HTTP:-10}
SECONDS_CPU=${SECONDS_CPU:-3}
SEED_N=${SEED_N:-10000}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
PY=/usr/bin/python3

certgate=$BUILD/app/certgate
bench=$BUILD/bench/certgate-bench
baseline=$BUILD/bench/certgate-baseline
verify_bench=$BUILD/bench/verify_bench
proof_bench=$BUILD/bench/proof_bench
for b in "$certgate" "$bench" "$baseline" "$verify_bench" "$proof_bench"; do
    [[ -x $b ]] || { echo "run.sh: $b is missing; build first (see the header)" >&2; exit 2; }
done

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=bench/results/$stamp
mkdir -p "$out"
tmp=$(mktemp -d /tmp/certgate-bench.XXXXXX)
data=$tmp/data  # not there yet: certgate serve's first start creates it
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
# The whole suite is bounded: a watchdog ends it after 15 minutes.
( sleep 900; echo "run.sh: 15-minute limit reached" >&2; kill -TERM $$ ) & watchdog=$!
pids+=("$watchdog")

machine="$(uname -sr), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "run.sh: $stamp on $machine" | tee "$out/machine.txt"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"

# start_server NAME CMD... : starts CMD, waits for "listening on http://HOST:PORT", sets $port.
start_server() {
    local name=$1; shift
    echo "$*" > "$out/$name.cmd"
    "$@" > "$out/$name.stdout" 2> "$out/$name.stderr" &
    local pid=$!
    pids+=("$pid")
    server_pid=$pid
    for _ in $(seq 1 300); do
        if grep -q "listening on http://" "$out/$name.stdout" 2>/dev/null; then
            port=$(sed -n 's#.*listening on http://[^ ]*:\([0-9]*\).*#\1#p' "$out/$name.stdout" | head -1)
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "run.sh: $name did not start; see $out/$name.stderr" >&2
    cat "$out/$name.stderr" >&2
    exit 1
}
stop_server() {
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

# load NAME ARGS... : one certgate-bench run against $port; keeps its text, JSON and SVG.
load() {
    local name=$1; shift
    local cmd=("$bench" -t "127.0.0.1:$port" --label "$name" --no-progress
               --json "$out/$name.json" --svg "$out/$name.svg" "$@")
    echo "${cmd[*]}" > "$out/$name.cmd"
    echo "== $name: ${cmd[*]}"
    "${cmd[@]}" | tee "$out/$name.txt"
}

echo "== first start of certgate serve (keys, config)"
start_server serve-init "$certgate" serve --data "$data" --listen 127.0.0.1:0 --threads "$THREADS"
stop_server

echo "== seed: $SEED_N RSA certificates, 10% revoked"
seed_cmd=("$bench" seed --data "$data" -n "$SEED_N" --revoked 0.1 --threads 2)
echo "${seed_cmd[*]}" > "$out/seed.cmd"
"${seed_cmd[@]}" | tee "$out/seed.txt"
corpus=$data/corpus.tsv

echo "== in-process (one thread)"
pb_cmd=("$proof_bench" --seconds "$SECONDS_CPU")
echo "${pb_cmd[*]}" > "$out/proof_bench.cmd"
"${pb_cmd[@]}" | tee "$out/proof_bench.txt"
vb_cmd=("$verify_bench" --corpus "$corpus" --key "$data/keys/signing.pub.pem" --seconds "$SECONDS_CPU")
echo "${vb_cmd[*]}" > "$out/verify_bench.cmd"
"${vb_cmd[@]}" | tee "$out/verify_bench.txt"

echo "== peer: DIVOC's Node stack, same certificate as proof_bench's RSA figure"
if [[ -d bench/peer/node_modules/jsonld-signatures ]]; then
    peer_cmd=(node bench/peer/verify.js --seconds $((SECONDS_CPU * 3)))
    echo "${peer_cmd[*]}" > "$out/peer.cmd"
    "${peer_cmd[@]}" | tee "$out/peer.txt"
    peer2_cmd=(node bench/peer/verify.js --seconds $((SECONDS_CPU * 2)) --corpus "$corpus"
               --key "$data/keys/signing.pub.pem")
    echo "${peer2_cmd[*]}" > "$out/peer_corpus.cmd"
    "${peer2_cmd[@]}" | tee "$out/peer_corpus.txt"
else
    echo "run.sh: bench/peer/node_modules missing (cd bench/peer && npm ci); peer skipped" |
        tee "$out/peer.txt"
fi

echo "== HTTP ceiling: certgate's listener with a fixed JSON answer ($THREADS threads)"
start_server baseline-server "$baseline" --listen 127.0.0.1:0 --threads "$THREADS"
load baseline -w verify-unique --corpus "$corpus" -c "$CONNS" -d "$SECONDS_HTTP" --warmup 2
stop_server

# Unique scans: the corpus wraps after SEED_N requests, so the server runs with its verify cache
# off (CERTGATE_VERIFY_CACHE=0): every request pays the full proof check, as a never-seen
# certificate would. The revocation check runs either way.
echo "== certgate serve ($THREADS threads), verify cache off"
start_server serve-nocache env CERTGATE_VERIFY_CACHE=0 "$certgate" serve --data "$data" \
    --listen 127.0.0.1:0 --threads "$THREADS"
load verify-unique -w verify-unique --corpus "$corpus" -c "$CONNS" -d "$SECONDS_HTTP" --warmup 2
half=$($PY -c "import json;print(max(1,int(json.load(open('$out/verify-unique.json'))['throughput']/2)))")
load verify-unique-half-rate -w verify-unique --corpus "$corpus" -c "$CONNS" -d "$SECONDS_HTTP" --warmup 2 --rate "$half"
stop_server

echo "== certgate serve ($THREADS threads), default config"
start_server serve "$certgate" serve --data "$data" --listen 127.0.0.1:0 --threads "$THREADS"
load verify-repeat -w verify-repeat --corpus "$corpus" --hot-set 64 -c "$CONNS" -d "$SECONDS_HTTP" --warmup 2
load verify-mix -w verify-mix --corpus "$corpus" -c "$CONNS" -d 5 --warmup 1
token=$("$certgate" token --data "$data" --role facility-staff)
load update -w update --corpus "$corpus" --token "$token" --items 100 -c 8 -d "$SECONDS_HTTP" --warmup 1
load certify -w certify --token "$token" --items 100 -c 8 -d 5 --warmup 1
load crl-delta -w crl-delta -c "$CONNS" -d 5 --warmup 1 || true
stop_server

$PY bench/report.py "$out" "$machine" > "bench/results/$stamp.md"
cat "bench/results/$stamp.md"
echo "run.sh: results in bench/results/$stamp.md and $out/"
