#!/usr/bin/env bash
# Throughput (client_credentials, refresh_token) and userinfo latency of the Encvoy-compatible
# alias /realms/demo/api/oidc versus Keycloak's native /protocol/openid-connect endpoints, on one
# Keycloak started by the test harness. Tunables: -Dbench.threads=4 -Dbench.rounds=3
# -Dbench.roundMillis=4000 -Dbench.latencySamples=400 (pass them as arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q verify -pl integration-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=OidcAliasBenchmark "$@"
cat integration-tests/target/oidc-benchmark.txt
