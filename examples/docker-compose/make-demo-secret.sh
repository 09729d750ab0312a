#!/bin/sh
# Writes tls/edge-tls.yaml: the Kubernetes TLS Secret the Gateway's HTTPS listener names, holding
# a self-signed certificate for localhost made with openssl. For a real stack, put your own
# Secret there instead (kubectl create secret tls edge-tls --cert=... --key=... --dry-run=client -o yaml),
# or have your deploy step decrypt it there: tls/ is never committed.
set -eu
cd "$(dirname "$0")"
umask 077
mkdir -p tls
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout tls/tls.key -out tls/tls.crt 2>/dev/null
{
  printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: edge-tls\n  namespace: default\ntype: kubernetes.io/tls\nstringData:\n'
  printf '  tls.crt: |\n'
  sed 's/^/    /' tls/tls.crt
  printf '  tls.key: |\n'
  sed 's/^/    /' tls/tls.key
} > tls/edge-tls.yaml
rm tls/tls.crt tls/tls.key
echo "wrote tls/edge-tls.yaml (certificate for localhost, valid 365 days)"
