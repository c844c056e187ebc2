#!/usr/bin/env bash
# End to end: the IPP Everywhere v1.1 self-certification (IPP and document suites, PWG's tests
# run by Debian's ipptool through shared/conformance/run-selfcert.sh) against mfpd over IPPS,
# with HTTP Basic credentials of a local user. The device is in its secure configuration
# except that Receive Control lets authenticated jobs print at once ("Job Login Success:
# Print") instead of holding them; the engine runs unthrottled. I-20 empties and refills the
# trays with mfpctl. Passes only with 0 failed tests.
set -euo pipefail
build=${1:?usage: ipp_selfcert_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
selfcert=$(cd "$here/../../../shared/conformance" 2>/dev/null && pwd || true)
if [ ! -x "$selfcert/run-selfcert.sh" ]; then
  # A clone without ../shared (a user's): CUPS's own conformance files still run
  # (ipp_cups_conformance_test.sh); the PWG self-certification cannot.
  echo "SKIP: ../shared/conformance/run-selfcert.sh is not next to the project (PWG"
  echo "self-certification needs the shared conformance kit)"
  exit 77
fi
watcher=
e2e_extra_cleanup() {
  if [ -n "$watcher" ]; then kill "$watcher" 2>/dev/null || true; fi
}
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"

mfpd_start
port=$(listener_port ipps)
[ "$port" -gt 0 ] || fail "no IPPS listener"

password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add ippcert "Self certification" user >/dev/null ||
  fail "cannot add the test user"
ctl settings set print.private.job_login_success print >/dev/null || fail "Job Login Success"

trays=$(ctl --json status | json "' '.join(t['id'] for t in d['trays'])")
# I-20: the trays are emptied after I-19.3. ipptool prints its "OK to insert media" prompt in
# the middle of the I-20.1 result line, so run-selfcert.sh's refill trigger may never match:
# the empty command also starts a watcher that refills the trays 10 s after the device reports
# media-needed (I-20.1 has seen it by then), bounded to 3 minutes.
# run-selfcert.sh runs the empty command when it reads I-19.3's result line, while ipptool
# already sends I-20's job: an unthrottled engine can print that job before the trays are
# empty. So the trays are also emptied as soon as I-19's job exists (I-19 prints nothing, and
# three more requests pass before I-20), by a watcher bounded to 5 minutes.
cat >"$work/empty-trays.sh" <<SH
for t in $trays; do '$bin/mfpctl' --data-dir '$dir' engine tray \$t empty; done
SH
(
  for _ in $(seq 1 15000); do
    if "$bin/mfpctl" --data-dir "$dir" jobs list 2>/dev/null | grep -q 'I-19 Close-Job'; then
      sh "$work/empty-trays.sh"
      break
    fi
    sleep 0.02
  done
) >/dev/null 2>&1 &
watcher=$!
cat >"$work/empty.sh" <<SH
sh '$work/empty-trays.sh'
(
  for _ in \$(seq 1 1800); do
    '$bin/mfpctl' --data-dir '$dir' --json status | grep -q media-needed && break
    sleep 0.1
  done
  sleep 10
  sh '$work/fill.sh'
) >/dev/null 2>&1 &
SH
cat >"$work/fill.sh" <<SH
for t in $trays; do '$bin/mfpctl' --data-dir '$dir' engine tray \$t fill; done
SH
empty_cmd="sh '$work/empty.sh'"
fill_cmd="sh '$work/fill.sh'"

export HOME=$work  # ipptool keeps nothing of ours elsewhere
set +e
MEDIA_EMPTY_CMD=$empty_cmd MEDIA_FILL_CMD=$fill_cmd \
  "$selfcert/run-selfcert.sh" "ipps://ippcert:$password@localhost:$port/ipp/print" all \
  >"$work/selfcert.out" 2>&1
rc=$?
set -e
grep -E '\[FAIL\]|selfcert:' "$work/selfcert.out" || true
if [ $rc -ne 0 ]; then
  grep -B2 -A12 '\[FAIL\]' "$work/selfcert.out" | head -150 >&2
  fail "self-certification failed"
fi
grep -q 'selfcert: [0-9]* passed, 0 failed' "$work/selfcert.out" || fail "no summary line"
kill -TERM "$pid"
wait "$pid" || fail "mfpd exited with $? after SIGTERM"
pid=
echo "ipp selfcert: OK"
