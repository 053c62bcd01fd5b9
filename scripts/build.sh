#!/usr/bin/env bash
# Configures and builds certgate into ./build (Release, -O2, Ninja).
# Used by run.sh and test.sh; safe to run again (incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CERTGATE_BUILD_DIR:=build}"
cmake -S . -B "$CERTGATE_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$CERTGATE_BUILD_DIR" -j "$(nproc)"
