#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against a real Keycloak
# (distribution zip from Maven, the bundle JAR in providers/, both realm exports imported).
# -Pcluster adds the two-node PostgreSQL cluster tests. Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=AuthorizationCodeLoginIT
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
started=$(date +%s)
mvn -B -ntp verify -Pcluster "$@"
echo "All tests finished in $(( $(date +%s) - started )) s"
