#!/usr/bin/env bash
# Installs, from Debian's packages, the programs the tests run besides Java and Maven.
# Idempotent: packages already present are not touched, and apt is not called at all then.
set -euo pipefail

packages=(
  nginx-light   # the shipped nginx config is checked with nginx -t and served for the mTLS tests
  gettext-base  # envsubst renders docker/nginx/templates as the official nginx image does
  chromium           # headless browser for the login theme tests (Selenium)
  chromium-driver    # its WebDriver
  fonts-dejavu-core  # Latin and Cyrillic glyphs for screenshots
  libnss3-tools      # pk12util/certutil: alice's .p12 goes into Chromium's NSS store for the mTLS browser test
  postgresql         # the shared database of the two-node cluster tests
  docker-compose     # DockerConfigIT renders docker/compose.yaml with "docker-compose config" (no daemon)
  python3            # scripts/check-doc-links.py checks the links of README.md and docs/
  slapd              # a real directory for the LDAP customer tests (each test starts its own, on loopback)
  ldap-utils         # ldapadd/ldapsearch: those tests load their directory entries with them
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js and npm run newman for the SCIM reference collection (ScimMicrosoftCollectionIT) and Node's bcrypt for the
# Encvoy migration tests (hashes as Encvoy stores them), and the npm oidc-provider package as the Google stand-in of
# GoogleWorkspaceCustomerIT; any Node >= 18 will do (Debian 12 has 18)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing test prerequisites: ${missing[*]}"
$sudo apt-get update -qq
# slapd's package would otherwise build a system directory (dc=nodomain) and start it; the tests run their own
echo "slapd slapd/no_configuration boolean true" | $sudo debconf-set-selections
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
