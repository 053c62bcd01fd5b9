#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test.
# The differential tests need ../shared (ldp-oracle, vectors) beside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh -DCERTGATE_WERROR=ON
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
