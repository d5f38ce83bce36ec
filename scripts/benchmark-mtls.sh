#!/usr/bin/env bash
# Certificate login versus password login, end to end through the shipped nginx templates (Debian's
# nginx) in front of one Keycloak started with --proxy-headers=xforwarded: a full browser-like mTLS
# login (login page -> 3443 hop with alice's certificate -> code -> token) against a password login
# of the same user, interleaved. Prints p50/p90/max and PASS/FAIL against the target held in
# MtlsLoginBenchmark (mTLS p50 <= 1.2 x password p50), writes docs/benchmarks/mtls.md, exits
# non-zero on a miss. Not part of .ci/run. Tunables (as arguments): -Dbench.logins=40 -Dbench.warmUp=10
# -Dbench.results=<another results file>
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f integration-tests/target/mtls-benchmark.md
status=0
mvn -B -q verify -pl integration-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=MtlsLoginBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
    "-Dbench.results=$PWD/docs/benchmarks/mtls.md" "$@" || status=$?
cat integration-tests/target/mtls-benchmark.md 2>/dev/null || echo "no figures: the benchmark did not get to measure" >&2
exit "$status"
