#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against a real Keycloak
# (distribution zip from Maven, the bundle JAR in providers/, both realm exports imported).
# -Pcluster adds the two-node PostgreSQL cluster tests; -Pmatrix then runs the integration tests
# again, with the same bundle JAR, on every other supported Keycloak line (26.4, 26.5, 26.6; the
# pinned 26.7 runs first). Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=AuthorizationCodeLoginIT
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
started=$(date +%s)
status=0
# The docs' relative links and anchors (README and docs/): cheap, and a moved section breaks them.
python3 scripts/check-doc-links.py || status=$?
mvn -B -ntp verify -Pcluster,matrix "$@" || status=$?

# One line per Keycloak version, so that a failure names the version it happened on.
pinned=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -1)
echo "Integration tests per Keycloak version:"
for reports in integration-tests/target/failsafe-reports integration-tests/target/failsafe-reports-keycloak-*; do
  summary="$reports/failsafe-summary.xml"
  [ -f "$summary" ] || continue
  version=${reports#integration-tests/target/failsafe-reports-keycloak-}
  [ "$reports" = integration-tests/target/failsafe-reports ] && version="$pinned (pinned, cluster tests included)"
  field() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$summary"; }
  echo "  Keycloak $version: $(field completed) run, $(field failures) failures, $(field errors) errors, $(field skipped) skipped"
  # grep finds nothing on a green line: that must not end the script (set -e, pipefail)
  { grep -l -E "FAILURE!|ERROR!" "$reports"/*.txt 2>/dev/null || true; } | while read -r failed; do
    echo "    FAILED on Keycloak ${version%% *}: $(basename "$failed" .txt)"
  done
done
echo "All tests finished in $(( $(date +%s) - started )) s"
exit "$status"
