#!/usr/bin/env bash
# End to end: the TLS endpoints of mfpd as real TLS clients see them (sslscan, openssl
# s_client, curl). TLS 1.2 only in the secure configuration and 1.3 once enabled; exactly the
# guide's suites (FIPS 140 mode, on in the secure configuration: the ECDHE-AES-GCM ones; then
# with it off the six ECDHE-ECDSA ones with the first-start ECDSA certificate, the ten RSA
# ones after `certs create --key rsa-2048`: together the guide's sixteen); alert 70 for TLS
# 1.0/1.1, alert 40 for a suite outside the list; every failed handshake audited with its
# reason; plain HTTP only redirects, and IPP over it is refused; a CSR answered by a CA becomes
# the device certificate; trusted CA certificates are kept across a restart.
set -euo pipefail
build=${1:?usage: tls_test.sh BUILD_DIR}
bin=$build/bin
# shellcheck source=lib/mfpd.sh
. "$(dirname "$0")/lib/mfpd.sh"
port_of() { listener_port "$1"; }

mfpd_start
ipps=$(port_of ipps)
https=$(port_of https)
http=$(port_of http)

# The suites a scan accepts, as "version cipher" lines.
scan() {
  sslscan --no-colour --no-heartbleed --no-fallback --no-renegotiation --no-compression \
    --xml="$work/scan.xml" "127.0.0.1:$1" >/dev/null 2>&1 || true
  python3 - "$work/scan.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for c in root.iter("cipher"):
    if c.get("status") in ("accepted", "preferred"):
        print(c.get("sslversion"), c.get("cipher"))
for p in root.iter("protocol"):
    if p.get("enabled") == "1":
        print("protocol", p.get("type"), p.get("version"))
PY
}
guide_ecdsa="ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES128-SHA256
ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-ECDSA-AES256-SHA ECDHE-ECDSA-AES256-SHA384"
guide_rsa="AES128-SHA AES128-SHA256 AES256-SHA AES256-SHA256 ECDHE-RSA-AES128-GCM-SHA256
ECDHE-RSA-AES128-SHA ECDHE-RSA-AES128-SHA256 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-SHA
ECDHE-RSA-AES256-SHA384"
sorted() { tr ' ' '\n' | grep -v '^$' | sort; }

scan "$ipps" >"$work/scan1"
grep -q '^protocol' "$work/scan1" || fail "sslscan saw no protocol"
[ "$(grep '^protocol' "$work/scan1" | awk '{print $3}' | sort -u | tr '\n' ' ')" = "1.2 " ] ||
  fail "secure configuration: TLS 1.2 only, got: $(grep '^protocol' "$work/scan1" | tr '\n' ' ')"
# The secure configuration has FIPS 140 mode on: ECDHE with AES-GCM only.
got=$(grep '^TLSv1.2' "$work/scan1" | awk '{print $2}' | sort)
[ "$got" = "$(echo "ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384" | sorted)" ] ||
  fail "FIPS mode, ECDSA certificate: expected the two ECDHE-ECDSA-GCM suites, got: $got"
ctl settings set tls.fips140_mode false >/dev/null
scan "$ipps" >"$work/scan1b"
got=$(grep '^TLSv1.2' "$work/scan1b" | awk '{print $2}' | sort)
[ "$got" = "$(echo "$guide_ecdsa" | sorted)" ] ||
  fail "ECDSA certificate: expected the guide's ECDHE-ECDSA suites, got: $got"

# Alert 70 for TLS 1.1 and 1.0, alert 40 for a suite outside the guide's list.
out=$(openssl s_client -connect "127.0.0.1:$ipps" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' \
  </dev/null 2>&1 || true)
echo "$out" | grep -q 'alert number 70' || fail "TLS 1.1: no alert 70: $out"
out=$(openssl s_client -connect "127.0.0.1:$ipps" -tls1 -cipher 'DEFAULT:@SECLEVEL=0' \
  </dev/null 2>&1 || true)
echo "$out" | grep -q 'alert number 70' || fail "TLS 1.0: no alert 70"
out=$(openssl s_client -connect "127.0.0.1:$ipps" -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305 \
  </dev/null 2>&1 || true)
echo "$out" | grep -q 'alert number 40' || fail "ChaCha20 suite: no alert 40: $out"
out=$(openssl s_client -connect "127.0.0.1:$ipps" -tls1_3 </dev/null 2>&1 || true)
echo "$out" | grep -q 'alert number 70' || fail "TLS 1.3 while it is off: no alert 70"
# Plain HTTP on the TLS port.
printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' | timeout 5 openssl s_client -quiet \
  -connect "127.0.0.1:$ipps" >/dev/null 2>&1 || true
curl -s --max-time 5 "http://127.0.0.1:$ipps/" >/dev/null 2>&1 || true

# Every failure is in the audit log with its reason.
sleep 0.5
ctl --json audit --last 50 >"$work/audit.json"
for reason in "protocol version" "no shared cipher" "not TLS"; do
  python3 - "$work/audit.json" "$reason" <<'PY' || fail "no audited handshake failure: $reason"
import json, sys
d = json.load(open(sys.argv[1]))
events = d.get("events", d if isinstance(d, list) else [])
ok = any("Trusted Communication" in json.dumps(e) and sys.argv[2] in json.dumps(e)
         for e in events)
sys.exit(0 if ok else 1)
PY
done

# TLS 1.3 once enabled (new connections, no restart).
ctl settings set tls.tls13.enabled true >/dev/null
out=$(openssl s_client -connect "127.0.0.1:$ipps" -tls1_3 </dev/null 2>&1 || true)
echo "$out" | grep -q 'TLSv1.3' || fail "TLS 1.3 enabled but not negotiated"
echo "$out" | grep -Eq 'Cipher is TLS_AES_(256|128)_GCM' || fail "TLS 1.3 suite not AES-GCM"
scan "$ipps" >"$work/scan2"
[ "$(grep '^protocol' "$work/scan2" | awk '{print $3}' | sort -u | tr '\n' ' ')" = "1.2 1.3 " ] ||
  fail "TLS 1.3 on: 1.2 and 1.3, got: $(grep '^protocol' "$work/scan2" | tr '\n' ' ')"
ctl settings set tls.tls13.enabled false >/dev/null

# An RSA certificate: the guide's ten RSA suites, and together with the ECDSA six all sixteen.
ctl certs create --key rsa-2048 --issuer "tls test" >/dev/null || fail "certs create"
scan "$https" >"$work/scan3"
got=$(grep '^TLSv1.2' "$work/scan3" | awk '{print $2}' | sort)
[ "$got" = "$(echo "$guide_rsa" | sorted)" ] ||
  fail "RSA certificate: expected the guide's RSA suites, got: $got"
ctl --json certs show | json "d['key']" | grep -q 'RSA' || fail "certs show: not RSA"

# A CSR signed by a CA (made here with openssl) becomes the device certificate; a certificate
# for another key is refused.
ctl certs csr --cn localhost --org "OpenMFP test" --unit QA --country JP >"$work/device.csr" || fail "certs csr"
grep -q 'BEGIN CERTIFICATE REQUEST' "$work/device.csr" || fail "csr: no PEM"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
  -out "$work/ca.pem" -days 30 -subj "/CN=OpenMFP test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" \
  >/dev/null 2>&1 || fail "test CA"
printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n' \
  >"$work/ext.cnf"
openssl x509 -req -in "$work/device.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 30 -sha256 -extfile "$work/ext.cnf" -out "$work/device.pem" \
  >/dev/null 2>&1 || fail "sign the CSR"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null \
  -out "$work/other.pem" -days 30 -subj "/CN=other" >/dev/null 2>&1
if ctl certs accept "$work/other.pem" >/dev/null 2>&1; then
  fail "a certificate for another key was accepted"
fi
cat "$work/device.pem" "$work/ca.pem" >"$work/chain.pem"
ctl certs accept "$work/chain.pem" >/dev/null || fail "certs accept"
ctl --json certs show | json "d['issuer']" | grep -q 'OpenMFP test CA' || fail "not CA-issued"
out=$(openssl s_client -connect "127.0.0.1:$ipps" -CAfile "$work/ca.pem" -verify_return_error \
  -verify_hostname localhost </dev/null 2>&1 || true)
echo "$out" | grep -q 'Verification: OK' || fail "the CA-issued certificate does not verify: $out"

# Trusted CA certificates ("Verify Remote Server Certificate"): the test CA is added, a leaf
# certificate is refused, and the list survives a restart.
ctl certs trust "$work/ca.pem" >/dev/null || fail "certs trust"
if ctl certs trust "$work/device.pem" >/dev/null 2>&1; then fail "a non-CA became trusted"; fi
ctl --json certs trusted | json "[c['subject'] for c in d['certificates']]" |
  grep -q 'OpenMFP test CA' || fail "certs trusted: the CA is missing"

# Plain HTTP redirects to HTTPS and never takes IPP (nor credentials).
loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http/ipp/print")
[ "$loc" = "301 https://127.0.0.1:$https/ipp/print" ] || fail "http redirect: $loc"
code=$(curl -s -o /dev/null -w '%{http_code}' -u someone:secret -H 'Content-Type: application/ipp' \
  --data-binary 'x' "http://127.0.0.1:$http/ipp/print")
[ "$code" = "426" ] || fail "IPP over plain HTTP: expected 426, got $code"
code=$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$ipps/ipp/print")
[ "$code" = "200" ] || fail "GET over IPPS: $code"
code=$(curl -sk -o /dev/null -w '%{http_code} %{content_type}' \
  "https://127.0.0.1:$ipps/icons/printer-128.png")
[ "$code" = "200 image/png" ] || fail "printer icon: $code"

mfpd_stop
[ "$stopped" -eq 0 ] || fail "mfpd exited with $stopped after SIGTERM"
# After a restart: the CA-issued device certificate and the trusted CA are still there.
mfpd_start
ctl --json certs show | json "d['issuer']" | grep -q 'OpenMFP test CA' ||
  fail "restart: the device certificate was not kept"
ctl --json certs trusted | json "[c['subject'] for c in d['certificates']]" |
  grep -q 'OpenMFP test CA' || fail "restart: the trusted CA was not kept"
fp=$(ctl --json certs trusted | json "d['certificates'][0]['sha256']")
ctl certs untrust "$fp" >/dev/null || fail "certs untrust"
[ "$(ctl --json certs trusted | json "len(d['certificates'])")" = 0 ] || fail "untrust kept it"
mfpd_stop
[ "$stopped" -eq 0 ] || fail "mfpd exited with $stopped after SIGTERM"
echo "tls: OK"
