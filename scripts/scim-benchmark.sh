#!/usr/bin/env bash
# SCIM endpoint vs Keycloak's admin REST API on a running Keycloak with the bundle (see docs/scim.md, "SCIM benchmark").
# Usage: scripts/scim-benchmark.sh [--base http://localhost:8080] [--users 100000] [--samples 200] [--metrics http://localhost:9000/metrics]
set -euo pipefail
exec java "$(dirname "$0")/scim-benchmark/ScimBenchmark.java" "$@"
