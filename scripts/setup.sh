#!/usr/bin/env bash
# Installs every Debian package that certgate's build, tests and benchmarks need.
# Idempotent; runs as root on a fresh Debian 12. Node.js/npm come with the machine and are
# never apt-installed; Python tools use /usr/bin/python3 with Debian's python3-* packages.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    libboost1.81-dev            # Beast, Asio, system::result (1.74 is too old)
    libsimdjson-dev             # JSON parsing
    librocksdb-dev              # storage
    libssl-dev                  # crypto
    zlib1g-dev                  # gzip, raw inflate for QR ZIPs
    libzip-dev                  # ZIP container parsing for QR payloads
    catch2                      # unit tests (2.13)
    libxxhash-dev               # XXH3-128 keys of the in-memory revocation set
    python3-pyld python3-cryptography   # ../shared/tools/ldp-oracle, differential tests
    nginx                       # load balancer for scripts/cluster.sh
    curl ca-certificates
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: missing packages (${missing[*]}); run as root" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
