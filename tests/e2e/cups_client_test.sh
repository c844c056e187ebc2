#!/usr/bin/env bash
# End to end: CUPS as a real IPP client of mfpd. A private cupsd (its own ServerRoot, spool,
# cache, state and logs under the work dir; listening only on a unix socket there; no
# browsing, no DNS-SD, no web interface) gets an IPP Everywhere queue for mfpd's IPPS printer
# with `lpadmin -m everywhere` (lpadmin queries the printer with Get-Printer-Attributes and
# builds the PPD from the answer), then prints a JPEG and a PWG raster document through it.
# Each job must reach the simulated engine (mfpd: job completed, impressions up by the page
# count that a direct mfp-print of the same file gives) and CUPS must see it complete with the
# queue idle afterwards.
#
# Device configuration: secure, except Receive Control lets authenticated jobs print at once
# ("Job Login Success: Print"); the engine runs unthrottled.
#
# Credentials: mfpd requires HTTP Basic over TLS. The user's login and password are in the
# device URI (ipps://LOGIN:PASSWORD@localhost:PORT/ipp/print): CUPS keeps them in
# printers.conf, shows the URI without them, and its ipp backend answers the 401 with them
# (its password callback uses the URI's password; the job is owned by LOGIN on the device).
# No AuthInfoRequired is needed, so jobs never wait in "authentication required".
#
# TLS: mfpd's certificate is self-signed (CN "OpenMFP"). The backend accepts it through CUPS's
# trust-on-first-use policy: nothing is pinned yet for that host, so the credentials are
# "OK/trusted" and are checked against later connections. client.conf in the private
# ServerRoot states that policy explicitly (these are CUPS's defaults) so the host's
# /etc/cups/client.conf cannot change it; certificate validation of the name is left off
# (ValidateCerts No) because the device certificate does not name "localhost".
#
# Documents: Debian's cups without cups-filters has no filters at all, and the everywhere PPD
# that CUPS 2.4 builds for a printer with urf-supported lists only image/jpeg and image/urf as
# pass-through formats (it ignores pwg-raster when URF is offered). So the JPEG goes through
# the PPD's "image/jpeg image/jpeg 0 -" pass-through (document-format image/jpeg on the wire)
# and the PWG raster file is sent with `lp -o raw` (document-format application/octet-stream,
# which mfpd auto-detects). PDF is not tried: mfpd has no PDF RIP.
#
# Users: cupsd runs as the caller (root in CI); cups-files.conf says `User lp` / `Group lp`
# (cupsd refuses root as User). The ipp backend is mode 0755, so cupsd runs it as lp: the work
# dir is made 0711 so lp can reach the spool files cupsd hands it (they are chowned to lp);
# the device's data dir keeps its own permissions.
#
# Pages: mfpd's job "pages", the device impression counter, and the engine's page checksums
# (`mfpctl engine output --job ID`) against a direct mfp-print of the same file at the
# resolution the job printed at.
set -euo pipefail
build=${1:?usage: cups_client_test.sh BUILD_DIR}
bin=$build/bin
for tool in /usr/sbin/cupsd lpadmin lp lpstat; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (cups-daemon, cups-client)" >&2; exit 1; }
done
# shellcheck source=lib/mfpd.sh
. "$(dirname "$0")/lib/mfpd.sh"
croot=$work/cups
cupsd_pid=
# descendants PID: every process below PID (cupsd's backends and filters), by parent links.
descendants() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    echo "$child"
    descendants "$child"
  done
}
e2e_extra_cleanup() {
  [ -n "$cupsd_pid" ] || return 0
  # The processes cupsd started, recorded before it goes: a backend still retrying (the
  # wrong-password queue) can outlive cupsd as an orphan that spins on a core.
  local started
  started=$(descendants "$cupsd_pid")
  # SIGTERM first: cupsd stops its jobs' backends (SIGTERM) as it shuts down.
  kill -TERM "$cupsd_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$cupsd_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$cupsd_pid" 2>/dev/null || true
  for p in $started; do kill -9 "$p" 2>/dev/null || true; done
}
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/log" ] && { echo "--- mfpd log" >&2; tail -20 "$work/log" >&2; }
  if [ -f "$croot/log/error_log" ]; then
    echo "--- cupsd error_log (errors, warnings, backend states)" >&2
    grep -E '^[EW] |STATE:|Unable|Unauthorized|401|Credentials|pki' "$croot/log/error_log" | tail -40 >&2 || true
  fi
  [ -s "$croot/log/console" ] && { echo "--- cupsd console" >&2; tail -10 "$croot/log/console" >&2; }
  exit 1
}
impressions() { ctl --json status | json "d['impressions']"; }

# --- mfpd -------------------------------------------------------------------------------
mfpd_start
port=$(listener_port ipps)
[ -n "$port" ] && [ "$port" -gt 0 ] || fail "no IPPS listener"

login=cupsclient
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add "$login" "CUPS client" user >/dev/null ||
  fail "cannot add the test user"
ctl settings set print.private.job_login_success print >/dev/null || fail "Job Login Success"

# --- private cupsd ----------------------------------------------------------------------
chmod 0711 "$work"
mkdir -p "$croot/etc/ppd" "$croot/log" "$croot/spool/tmp" "$croot/cache" "$croot/state"
sock=$croot/cupsd.sock
cat >"$croot/etc/cupsd.conf" <<CONF
LogLevel debug2
MaxLogSize 0
Listen $sock
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
cat >"$croot/etc/cups-files.conf" <<CONF
ServerRoot $croot/etc
AccessLog $croot/log/access_log
ErrorLog $croot/log/error_log
PageLog $croot/log/page_log
CacheDir $croot/cache
StateDir $croot/state
RequestRoot $croot/spool
TempDir $croot/spool/tmp
User lp
Group lp
SystemGroup root
FileDevice No
CONF
# For lp/lpadmin/lpstat and for the backend (cupsd gives it CUPS_SERVERROOT): see the header.
cat >"$croot/etc/client.conf" <<CONF
AllowAnyRoot Yes
AllowExpiredCerts No
TrustOnFirstUse Yes
ValidateCerts No
CONF
export CUPS_SERVER=$sock CUPS_SERVERROOT=$croot/etc HOME=$work
/usr/sbin/cupsd -t -c "$croot/etc/cupsd.conf" -s "$croot/etc/cups-files.conf" \
  >"$croot/log/console" 2>&1 || fail "cupsd -t rejects the configuration"
/usr/sbin/cupsd -f -c "$croot/etc/cupsd.conf" -s "$croot/etc/cups-files.conf" \
  >>"$croot/log/console" 2>&1 &
cupsd_pid=$!
for _ in $(seq 1 100); do
  timeout 5 lpstat -r 2>/dev/null | grep -q 'scheduler is running' && break
  kill -0 "$cupsd_pid" 2>/dev/null || fail "cupsd exited during start-up"
  sleep 0.1
done
timeout 5 lpstat -r | grep -q 'scheduler is running' || fail "cupsd does not answer on $sock"

# --- IPP Everywhere queue ---------------------------------------------------------------
uri="ipps://$login:$password@localhost:$port/ipp/print"
timeout 60 lpadmin -p T -E -v "$uri" -m everywhere >"$work/lpadmin.out" 2>&1 ||
  fail "lpadmin -m everywhere: $(cat "$work/lpadmin.out")"
ppd=$croot/etc/ppd/T.ppd
# cupsd writes the PPD from the printer's answer after lpadmin returns.
for _ in $(seq 1 300); do [ -s "$ppd" ] && grep -q '^\*CloseUI' "$ppd" && break; sleep 0.1; done
[ -s "$ppd" ] || fail "no PPD generated"
grep -q '^\*cupsFilter2: "image/jpeg image/jpeg 0 -"' "$ppd" || fail "PPD: no JPEG pass-through"
grep -q '^\*NickName: .*IPP Everywhere' "$ppd" || fail "PPD: not an IPP Everywhere PPD"
# The color models CUPS derives from our urf-supported must be consistent (CUPS 2.4.2 only
# knows the exact keyword "SRGB24"); cupstestppd's other remarks (the C locale) are CUPS's.
if command -v cupstestppd >/dev/null && cupstestppd "$ppd" 2>&1 | grep -q 'ColorModel'; then
  fail "PPD color models: $(cupstestppd "$ppd" 2>&1 | grep ColorModel | tr -s ' \n' ' ')"
fi
timeout 10 lpstat -v T | grep -q "ipps://localhost:$port/ipp/print" || fail "lpstat -v T"

# --- documents and their direct mfp-print page counts -------------------------------------
timeout 300 "$bin/mfp-bench" --gen "$work/gen" --dpi 300 >"$work/gen.out" 2>&1 ||
  fail "mfp-bench --gen: $(tail -5 "$work/gen.out")"
for f in office.jpg office.pwg mixed-20.pdf; do [ -s "$work/gen/$f" ] || fail "mfp-bench --gen: no $f"; done
chmod 0755 "$work/gen"
timeout 120 "$bin/mfp-print" --out "$work/direct" --no-preview --speed unthrottled \
  "$work/gen/office.jpg" "$work/gen/office.pwg" "$work/gen/mixed-20.pdf" >"$work/direct.out" 2>&1 ||
  fail "mfp-print: $(cat "$work/direct.out")"
direct_pages() {
  python3 - "$work/direct/pages.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(sum(j["pages"] for j in d["jobs"] if j["document"].endswith("/" + sys.argv[2])))
PY
}

# --- print through CUPS -----------------------------------------------------------------
# print_via_cups NAME [lp options...]: submits $work/gen/NAME, waits for mfpd to complete it
# and CUPS to see it completed, and checks the pages against mfp-print.
# TITLE names the job (default NAME). With EXACT=0 only the page count is checked: CUPS's pdftopdf rewrites a PDF it sends in the
# driverless way, so its engine pages are the rewritten document's.
print_via_cups() {
  local name=$1
  shift
  local title=${TITLE:-$name}
  local file=$work/gen/$name
  local before expect out cid ok=
  before=$(impressions)
  expect=$(direct_pages "$name")
  [ "$expect" -gt 0 ] || fail "mfp-print printed no page of $name"
  out=$(timeout 30 lp -d T -t "$title" "$@" "$file" 2>&1) || fail "lp $name: $out"
  cid=$(echo "$out" | sed -n 's/^request id is \(T-[0-9]*\).*/\1/p')
  [ -n "$cid" ] || fail "lp $name: no request id: $out"
  # The device: the job named $name completed, its pages printed.
  for _ in $(seq 1 600); do
    if ctl --json jobs list | python3 -c "
import json, sys
d = json.load(sys.stdin)
js = [j for j in d['jobs'] if j['name'] == '$title']
sys.exit(0 if js and js[-1]['state'] == 'completed' else 1)" 2>/dev/null; then
      ok=1
      break
    fi
    sleep 0.1
  done
  [ -n "$ok" ] || fail "$name ($cid): mfpd did not complete the job in 60 s: $(ctl --json jobs list)"
  local rec
  rec=$(ctl --json jobs list | json "[(j['owner'], j['pages'], j['reason']) for j in d['jobs'] if j['name']=='$title'][-1]")
  [ "$rec" = "('$login', $expect, 'job-completed-successfully')" ] ||
    fail "$name: device job (owner, pages, reason) = $rec, expected $login, $expect pages (mfp-print)"
  # The engine's pages match a direct mfp-print of the same file at the job's resolution.
  local id dpi got want
  if [ "${EXACT:-1}" = 1 ]; then
    id=$(ctl --json jobs list | json "[j['id'] for j in d['jobs'] if j['name']=='$title'][-1]")
    ctl --json engine output --job "$id" >"$work/output.$id.json"
    dpi=$(json "d['pages'][0]['dpi']" <"$work/output.$id.json")
    got=$(json "' '.join(p['sha256'] for p in d['pages'])" <"$work/output.$id.json")
    timeout 120 "$bin/mfp-print" --out "$work/direct-$id" --no-preview --speed unthrottled \
      --dpi "$dpi" "$file" >"$work/direct-$id.out" 2>&1 || fail "mfp-print --dpi $dpi $name"
    want=$(awk '{print $1}' "$work/direct-$id/checksums.sha256" | tr '\n' ' ' | sed 's/ $//')
    [ -n "$got" ] && [ "$got" = "$want" ] ||
      fail "$name: engine pages ($got) differ from mfp-print --dpi $dpi ($want)"
  fi
  local after
  after=$(impressions)
  [ $((after - before)) -eq "$expect" ] ||
    fail "$name: impressions went from $before to $after, expected +$expect"
  # CUPS: the job completed and the queue is idle again.
  ok=
  for _ in $(seq 1 600); do
    if timeout 5 lpstat -W completed -o T 2>/dev/null | grep -q "^$cid "; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || fail "$name ($cid): CUPS did not see the job complete in 60 s: $(lpstat -W all -o T 2>&1)"
  if [ "${EXACT:-1}" = 1 ]; then
    echo "$title: $cid completed, $expect page(s) at the engine, checksums as mfp-print at $dpi dpi"
  else
    echo "$title: $cid completed, $expect page(s) at the engine"
  fi
}

print_via_cups office.jpg
print_via_cups office.pwg -o raw
# PDF (20 pages of text, vector art and photos): as it is (raw), and the driverless way, through
# CUPS's pdftopdf (cups-filters), as desktop applications print.
print_via_cups mixed-20.pdf -o raw
EXACT=0 TITLE=driverless.pdf print_via_cups mixed-20.pdf

# What CUPS thinks of the printer: idle, no authentication or certificate trouble.
ok=
for _ in $(seq 1 100); do
  timeout 5 lpstat -p T 2>/dev/null | grep -q 'printer T is idle' && { ok=1; break; }
  sleep 0.1
done
[ -n "$ok" ] || fail "queue not idle: $(lpstat -l -p T 2>&1)"
timeout 5 lpstat -l -p T >"$work/lpstat-p" 2>&1 || fail "lpstat -l -p T"
if grep -Eiq 'authentication|auth-info|unable|error|stopped' "$work/lpstat-p"; then
  fail "queue state: $(cat "$work/lpstat-p")"
fi
# "Alerts" is the queue's printer-state-reasons.
grep -Eq '^[[:space:]]*Alerts: none[[:space:]]*$' "$work/lpstat-p" ||
  fail "queue printer-state-reasons not none: $(grep Alerts "$work/lpstat-p")"
# The backend found the device's answers acceptable: no job stopped or aborted, no TLS
# trust complaint, no authentication retry.
if grep -E '\[Job [0-9]+\]' "$croot/log/error_log" |
  grep -Eq 'cups-pki-(invalid|changed|expired|unknown)\+|\+cups-pki|STATE: \+cups-certificate|Unable to|job-printer-state-message to "Unauthorized|STATE: \+cups-missing-filter'; then
  fail "backend trouble in cupsd error_log"
fi
# cups-filters' conversion rules name pstops (PostScript, package cups), which we neither
# install nor use: cupsd says so at start-up.
if grep -E '^E ' "$croot/log/error_log" | grep -v 'cupsdLoadBanners' | grep -v 'Filter .*pstops.* not found'; then
  fail "errors in cupsd error_log"
fi
grep -c ' total ' "$croot/log/page_log" | grep -qx 4 || fail "page_log: $(cat "$croot/log/page_log")"
ctl settings set print.private.job_login_success print >/dev/null

# --- the secure configuration: held for its owner, released by the owner, bad password ------
ctl settings set print.private.job_login_success save_as_private_charge_print >/dev/null ||
  fail "Job Login Success"
out=$(timeout 30 lp -d T -t held.jpg "$work/gen/office.jpg" 2>&1) || fail "lp held: $out"
cid=$(echo "$out" | sed -n 's/^request id is \(T-[0-9]*\).*/\1/p')
held=
for _ in $(seq 1 300); do
  held=$(ctl --json jobs list | json "[j['id'] for j in d['jobs'] if j['name']=='held.jpg' and j['state']=='pending-held' and j['owner']=='$login'] or ['']" | tr -d "[]'")
  [ -n "$held" ] && break
  sleep 0.1
done
[ -n "$held" ] || fail "the CUPS job was not held as Private Charge Print: $(ctl --json jobs list)"
before=$(impressions)
sleep 1
[ "$(impressions)" = "$before" ] || fail "a held job printed"
printf '%s\n' "$password" | ctl jobs release "$held" --user "$login" >/dev/null ||
  fail "the owner could not release the held job"
ok=
for _ in $(seq 1 600); do
  [ "$(ctl --json jobs list | json "[j['state'] for j in d['jobs'] if j['id']==$held][0]")" = \
    completed ] && { ok=1; break; }
  sleep 0.1
done
[ -n "$ok" ] || fail "the released job did not complete on the device"
[ "$(impressions)" -gt "$before" ] || fail "the released job did not print"
ok=
for _ in $(seq 1 600); do
  timeout 5 lpstat -W completed -o T 2>/dev/null | grep -q "^$cid " && { ok=1; break; }
  sleep 0.1
done
[ -n "$ok" ] || fail "released job: CUPS did not see it complete"
echo "held.jpg: $cid held for $login, released by $login, printed"

# A queue with a wrong password: the device deletes the job and audits it; nothing is kept.
timeout 60 lpadmin -p W -E -v "ipps://$login:wrong-$password@localhost:$port/ipp/print" \
  -m everywhere >"$work/lpadmin-w.out" 2>&1 || fail "lpadmin W: $(cat "$work/lpadmin-w.out")"
out=$(timeout 30 lp -d W -t wrong.jpg "$work/gen/office.jpg" 2>&1) || fail "lp wrong: $out"
wid=$(echo "$out" | sed -n 's/^request id is \(W-[0-9]*\).*/\1/p')
ok=
for _ in $(seq 1 300); do
  if ctl --json audit --last 50 | python3 -c "
import json, sys
ev = json.load(sys.stdin)['events']
# CUPS validates first (Validate-Job): the failed login is refused there and audited as the
# guide's printer-driver authentication failure; a Print-Job sent anyway would also be deleted
# and audited (ipp_robustness_test.sh).
sys.exit(0 if any(e['user'] == '$login' and (
    ('job login failure' in e['items'].get('Reason', '')) or
    (e['items'].get('Interface') == 'Printer Driver' and
     'Invalid Password' in e['items'].get('Reason', ''))) for e in ev) else 1)"; then
    ok=1
    break
  fi
  sleep 0.1
done
[ -n "$ok" ] || fail "wrong password: no audited deletion: $(ctl audit --last 10)"
ctl --json jobs list | json "[j for j in d['jobs'] if j['name']=='wrong.jpg']" | grep -qx '\[\]' ||
  fail "wrong password: the device kept the job"
timeout 10 cancel -a W >/dev/null 2>&1 || true
echo "wrong.jpg: $wid refused by the device (failed login audited, nothing kept)"

# Orderly shutdown of both daemons (cupsd's leftover backends by their recorded PIDs).
e2e_extra_cleanup
cupsd_pid=
mfpd_stop
[ "$stopped" -eq 0 ] || fail "mfpd exited with $stopped after SIGTERM"
echo "cups client: OK"
