#!/usr/bin/env bash
# Makes a development PKI for docker/compose.yaml: a CA, a server certificate for localhost and a
# client certificate for the demo user alice (alice.p12, password "alice"). Dev use only.
# Usage: docker/pki/make-dev-pki.sh [output-dir]   (default: docker/pki/out)
set -euo pipefail
out=${1:-"$(cd "$(dirname "$0")" && pwd)/out"}
mkdir -p "$out"
cd "$out"
if [ -f ca.crt ] && [ -f server.crt ] && [ -f alice.p12 ]; then
  echo "Dev PKI already in $out"; exit 0
fi
openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=SSO Bundle Dev CA/O=SSO Bundle" \
  -keyout ca.key -out ca.crt -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out server.crt \
  -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth")
openssl req -newkey rsa:2048 -nodes -subj "/CN=alice/emailAddress=alice@example.com/O=SSO Bundle Demo" -keyout alice.key -out alice.csr
openssl x509 -req -in alice.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -out alice.crt \
  -extfile <(printf "extendedKeyUsage=clientAuth")
openssl pkcs12 -export -in alice.crt -inkey alice.key -certfile ca.crt -name alice -passout pass:alice -out alice.p12
rm -f ./*.csr ca.srl
chmod 644 ./*.crt ./*.p12; chmod 600 ./*.key
echo "Dev PKI written to $out (install alice.p12 in your browser, password: alice)"
