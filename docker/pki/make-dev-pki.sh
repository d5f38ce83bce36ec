#!/usr/bin/env bash
# Makes a development PKI for docker/compose.yaml: a CA, a server certificate for localhost, a client
# certificate for the demo user alice (alice.p12, password "alice"), a revoked client certificate
# (revoked.p12, password "revoked") and the CA's CRL (ca.crl) listing it. Dev use only.
# Usage: docker/pki/make-dev-pki.sh [output-dir]        (default: docker/pki/out)
#        docker/pki/make-dev-pki.sh --crl [output-dir]  re-signs ca.crl (valid 30 days), e.g. from cron,
#                                                       then: docker compose exec nginx nginx -s reload
set -euo pipefail
refresh_crl_only=false
if [ "${1:-}" = "--crl" ]; then refresh_crl_only=true; shift; fi
out=${1:-"$(cd "$(dirname "$0")" && pwd)/out"}
mkdir -p "$out"
cd "$out"

# A minimal "openssl ca" set-up: the index of revoked certificates and the CRL number live next to the CA.
ca_config() {
  cat <<CNF
[ ca ]
default_ca = dev_ca
[ dev_ca ]
database = $out/ca-index.txt
crlnumber = $out/ca-crlnumber
default_md = sha256
default_crl_days = 30
CNF
}
sign_crl() {
  openssl ca -config <(ca_config) -keyfile ca.key -cert ca.crt -gencrl -out ca.crl 2>/dev/null
  chmod 644 ca.crl
}

if $refresh_crl_only; then
  sign_crl; echo "CRL re-signed: $out/ca.crl (reload nginx to apply it)"; exit 0
fi
if [ -f ca.crt ] && [ -f server.crt ] && [ -f alice.p12 ] && [ -f revoked.p12 ] && [ -f ca.crl ]; then
  echo "Dev PKI already in $out"; exit 0
fi
openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=SSO Bundle Dev CA/O=SSO Bundle" \
  -keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out server.crt \
  -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth")
client() { # name, subject, p12 password
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out "$1.crt" \
    -extfile <(printf "extendedKeyUsage=clientAuth")
  openssl pkcs12 -export -in "$1.crt" -inkey "$1.key" -certfile ca.crt -name "$1" -passout "pass:$3" -out "$1.p12"
}
client alice "/CN=alice/emailAddress=alice@example.com/O=SSO Bundle Demo" alice
client revoked "/CN=revoked/emailAddress=revoked@example.com/O=SSO Bundle Demo" revoked
: > ca-index.txt
echo 01 > ca-crlnumber
openssl ca -config <(ca_config) -keyfile ca.key -cert ca.crt -revoke revoked.crt -crl_reason keyCompromise 2>/dev/null
sign_crl
rm -f ./*.csr ca.srl ./*.old
chmod 644 ./*.crt ./*.p12 ca.crl; chmod 600 ./*.key
echo "Dev PKI written to $out (install alice.p12 in your browser, password: alice; revoked.p12 is refused)"
