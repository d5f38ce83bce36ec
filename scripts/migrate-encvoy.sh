#!/usr/bin/env bash
# Moves an Encvoy ID database (PostgreSQL) into a Keycloak realm: users with their passwords (bcrypt),
# TOTP/HOTP, certificate bindings and social links, OIDC clients with their ids and secrets, per-client
# roles. See docs/migration.md. Run with --help for the flags.
# The command is the migration module's JAR (built here on first use, or by the Maven reactor).
# JAVA_OPTS passes JVM options (e.g. JAVA_OPTS=-Xmx256m).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/migration/target/encvoy-migration.jar"
if [ ! -f "$jar" ]; then
  echo "Building the migration command (once)..." >&2
  (cd "$root" && mvn -B -q -ntp package -pl migration -DskipTests) >&2
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
