#!/usr/bin/env bash
# Installs what is missing, builds, and starts certgate on its embedded default
# (data in ./certgate-data, listening on 127.0.0.1:8080). Extra arguments go to `certgate serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
exec ./build/app/certgate serve "$@"
