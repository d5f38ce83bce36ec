#!/usr/bin/env bash
# SCIM endpoint vs Keycloak's admin REST API on a running Keycloak with the bundle (see docs/scim.md, "SCIM benchmark").
# Usage: scripts/scim-benchmark.sh [--base http://localhost:8080] [--users 100000] [--samples 200] [--jvm-pid auto|<pid>] [--results docs/benchmarks/scim-100k.md]
# Prints PASS/FAIL per target (held in ScimBenchmark.java) and exits non-zero on a miss. Not part of .ci/run.
set -euo pipefail
exec java "$(dirname "$0")/scim-benchmark/ScimBenchmark.java" "$@"
