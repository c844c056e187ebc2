#!/usr/bin/env bash
# The guide's audit-log import script ("Import the Audit Log File"), replayed with curl exactly
# as PowerShell's Invoke-WebRequest sends it: the device certificate installed as the trusted
# root (curl --cacert, no -k: the certificate must name 127.0.0.1), POST /LOGIN.CMD with
# "NAME=<base64>&PSW=<base64>" unescaped in an application/x-www-form-urlencoded body and a
# Referer of /home/index.html, the session cookie kept in a jar, GET /ALOGEXPT.CMD without
# keep-alive into a file, GET /LOGOUT.CMD. The administrator's password is chosen so its base64
# has '+', '/' and '='. Then: the file is the guide's format version 3 with the failed login
# of a general user in it, a general user gets no file, and the jar's cookie is dead after the
# logout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:?usage: cwis_audit_export_test.sh BUILD_DIR}" && pwd)/bin
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"

mfpd_start
port=$(listener_port https)
[ "$port" -gt 0 ] || fail "no HTTPS listener"
ctl --json certs show | json "d['pem']" >"$work/device.pem"

user=auditor
pass='Audit>>>?pass???'
b64() { printf '%s' "$1" | base64 -w0; }
case "$(b64 "$pass")" in *+*/*=* | */*+*=*) ;; *) fail "the password's base64 lacks + / =" ;; esac
printf '%s\n' "$pass" | ctl users add "$user" "Audit Server" admin >/dev/null || fail "add admin"
printf '%s\n' 'General-pass-123' | ctl users add clerk "Clerk" user >/dev/null || fail "add user"

# The script's three requests.
uri="https://127.0.0.1:$port"
agent='Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/5.1'
replay() {  # USER PASSWORD JAR OUT
  local cred="NAME=$(b64 "$1")&PSW=$(b64 "$2")"
  curl -sS --cacert "$work/device.pem" -A "$agent" -c "$3" -b "$3" -o "$4.login" \
    -w '%{http_code}' -X POST -H 'Content-Type: application/x-www-form-urlencoded' \
    -H "Referer: $uri/home/index.html" --data-binary "$cred" "$uri/LOGIN.CMD"
  echo -n ' '
  curl -sS --cacert "$work/device.pem" -A "$agent" -b "$3" -c "$3" -H 'Connection: close' \
    -o "$4" -w '%{http_code}' "$uri/ALOGEXPT.CMD"
  echo -n ' '
  cp "$3" "$3.before-logout"
  curl -sS --cacert "$work/device.pem" -A "$agent" -b "$3" -c "$3" -o /dev/null \
    -w '%{http_code}' "$uri/LOGOUT.CMD"
}

# A general user's failed login first, so the export has a record to show.
codes=$(replay clerk wrong-password "$work/jar0" "$work/none") || fail "curl failed"
[ "$codes" = "403 401 200" ] || fail "wrong password: HTTP $codes"

codes=$(replay "$user" "$pass" "$work/jar" "$work/auditfile.txt") || fail "curl failed"
[ "$codes" = "200 200 200" ] || fail "the script's requests answered HTTP $codes"
grep -q '__Host-mfp-session' "$work/jar.before-logout" || fail "no session cookie in the jar"
head -1 "$work/auditfile.txt" | grep -q $'^Format Version\t3' || fail "not format version 3"
grep -q "Device's IP Address" "$work/auditfile.txt" || fail "no device address header"
grep -q 'Failed (Invalid Password)' "$work/auditfile.txt" || fail "the failed login is missing"
# After LOGOUT.CMD the old cookie exports nothing.
code=$(curl -sS --cacert "$work/device.pem" -b "$work/jar.before-logout" -o /dev/null \
  -w '%{http_code}' "$uri/ALOGEXPT.CMD")
[ "$code" = 401 ] || fail "the logged-out session still exports (HTTP $code)"

codes=$(replay clerk General-pass-123 "$work/jar2" "$work/clerk.txt") || fail "curl failed"
[ "$codes" = "200 403 200" ] || fail "a general user: HTTP $codes"
if grep -q 'Format Version' "$work/clerk.txt"; then fail "a general user got the audit log"; fi
mfpd_alive || fail "mfpd died"
echo "PASS: the guide's audit-log script works unchanged"
