#!/usr/bin/env bash
# Builds the bundle and starts Keycloak with it and the demo realms on http://localhost:8080.
# Data lives in .local/ (embedded H2) and survives restarts; Ctrl-C stops Keycloak cleanly.
# Environment: KC_HTTP_PORT (8080), KC_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD (admin / admin),
# and the realm placeholders of realm-exports/*.json (ROCKETCHAT_CLIENT_SECRET, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -1)
port=${KC_HTTP_PORT:-8080}
local_dir="$root/.local"
home="$local_dir/keycloak-$version"

echo "Building the bundle..."
mvn -B -q -ntp -DskipTests -pl bundle -am package

if [ ! -f "$home/bin/kc.sh" ]; then
  echo "Fetching Keycloak $version from Maven..."
  mkdir -p "$local_dir"
  mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$local_dir"
  (cd "$local_dir" && jar xf "keycloak-quarkus-dist-$version.zip" && rm "keycloak-quarkus-dist-$version.zip")
fi

rm -f "$home"/providers/keycloak-sso-bundle-*.jar
cp bundle/target/keycloak-sso-bundle-*.jar "$home/providers/"
mkdir -p "$home/data/import"
cp realm-exports/*.json "$home/data/import/"

export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
base="http://localhost:$port"
cat <<URLS

Keycloak $version with the SSO bundle is starting on $base (Ctrl-C stops it)
  Admin console      $base/admin/   ($KC_BOOTSTRAP_ADMIN_USERNAME / $KC_BOOTSTRAP_ADMIN_PASSWORD, first start only)
  Demo login         $base/realms/demo/account/   (alice / alice)
  Flatchr realm      $base/realms/flatchr/account/
  Encvoy OIDC API    $base/realms/demo/api/oidc/.well-known/openid-configuration
  SCIM 2.0           $base/realms/demo/scim/v2/ServiceProviderConfig   (bearer token of scim-provisioner)
  Customers API      $base/admin/realms/flatchr/customers   (admin token)
  Customers page     $base/admin/master/console/#/flatchr/page-section/Customers
  Data (H2)          $home/data/h2

URLS
# kc.sh forwards Ctrl-C (SIGINT) and SIGTERM to Keycloak, which shuts down gracefully.
# declarative-ui: the admin console's extension pages (Customers, Provisioning tokens, Certificates)
exec bash "$home/bin/kc.sh" start-dev --import-realm --features=declarative-ui --http-port="$port"
