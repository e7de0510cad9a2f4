#!/usr/bin/env bash
# The project's whole test suite: Python model toolchain tests, then every Maven module.
set -euo pipefail
cd "$(dirname "$0")"

echo "== models (pytest)"
(cd models && /usr/bin/python3 -m pytest -q -p no:cacheprovider)

echo "== java (maven)"
mvn -B -ntp verify "$@"
