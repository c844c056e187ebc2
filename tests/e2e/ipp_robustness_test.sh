#!/usr/bin/env bash
# End to end: mfpd's IPPS printer against hostile and broken clients, all against ONE running
# daemon in its secure configuration (Receive Control by print accounting, Job Login Success
# "save as Private Charge Print", Hide Job Details) with the engine unthrottled. The cases are
# in ipp_robustness.py (hand-built RFC 8010 requests over TLS, standard library only):
# truncated and garbled messages, wrong versions, missing charset/language, 1000-deep
# collections, 100000 attributes, attributes over 1 MiB, unsupported and unrecognisable
# document formats, PWG raster headers the printer cannot print, gzip bombs and corrupt gzip,
# 20 slowloris connections, resets in the middle of requests and uploads, HTTP Basic
# challenges and failures (audited), another user's view of a held job, and 10 concurrent
# Print-Jobs. After each case a normal Get-Printer-Attributes on a fresh connection must
# succeed; at the end mfpd must still run and exit 0 on SIGTERM. HTTP framing (oversized
# Content-Length, CL+TE, bad chunks, huge headers) and keep-alive after an IPP error too.
# Lines "BUG:" in the output are daemon defects a case found (none are known).
# IPP_ROBUSTNESS_VERBOSE=1 prints every check.
set -euo pipefail
build=${1:?usage: ipp_robustness_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"

mfpd_start
port=$(listener_port ipps)
[ "$port" -gt 0 ] || fail "no IPPS listener"

# Three local users: the owner of the test jobs, another user, and one whose password is
# given wrong once (so the others' failed-login counts stay at zero).
users=()
for u in alice bob carol; do
  password=$(openssl rand -hex 12)
  printf '%s\n' "$password" | ctl users add "$u" "Robustness $u" user >/dev/null ||
    fail "cannot add user $u"
  users+=("$u:$password")
done
# The secure configuration this test relies on (the default).
[ "$(ctl --json settings list | json "[s['value'] for s in d['settings'] if s['key']=='print.private.job_login_success'][0]")" = save_as_private_charge_print ] ||
  fail "not the secure configuration (Job Login Success)"

set +e
timeout 240 /usr/bin/python3 "$here/ipp_robustness.py" "$port" "$bin/mfpctl" "$dir" "${users[@]}" \
  >"$work/out" 2>&1
rc=$?
set -e
# IPP_ROBUSTNESS_VERBOSE=1: every check, not only the failures and timings.
if [ -n "${IPP_ROBUSTNESS_VERBOSE:-}" ]; then cat "$work/out"; else grep -v '^ok ' "$work/out" || true; fi
echo "($(grep -c '^ok ' "$work/out") checks passed)"
mfpd_alive || fail "mfpd is no longer running after the cases"
# Whatever the cases found, mfpd must still stop cleanly.
mfpd_stop
if [ $rc -ne 0 ]; then
  grep -E '^(BUG|FAIL):' "$work/out" >&2 || true
  [ $stopped -eq 0 ] || echo "FAIL: mfpd exited with $stopped after SIGTERM" >&2
  fail "ipp_robustness.py failed (exit $rc)"
fi
[ $stopped -eq 0 ] || fail "mfpd exited with $stopped after SIGTERM"
grep -Eq '^-- all cases .*, 0 failed$' "$work/out" || fail "no summary line"
echo "ipp robustness: OK"
