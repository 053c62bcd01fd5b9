#!/usr/bin/env bash
# Installs what is missing, builds, and starts certgate on its embedded default
# (data in ./certgate-data, listening on 127.0.0.1:8080). Extra arguments go to `certgate serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
cat <<'HINT'
certgate is starting. In a second terminal, a first command to try (README "Try it" has the rest):
  curl -s -X POST http://127.0.0.1:8080/verify --data-binary @tests/data/divoc/certificates/rsa_cowin_v2_ddcc_certid-712988986_dose2.json
  (DIVOC's certificate: "unknown_key" until its key is trusted, e.g.
   scripts/run.sh --trust did:india=tests/data/divoc/keys/divoc-test-rsa2048.pub.pem)
HINT
exec ./build/app/certgate serve "$@"
