#!/usr/bin/env bash
# End to end: the mfpd daemon and mfpctl as processes on a temporary data directory. First
# start (one-time password on the console and in a 0600 file), the secure configuration and
# `settings check`, a Private Charge Print job held and released, orderly shutdown on SIGTERM
# (audited) with the held job kept, a job printing at SIGKILL aborted and overwritten at the
# next start, Restore Factory Defaults, and a tampered database refused at start-up with a
# clear fault.
set -euo pipefail
build=${1:?usage: mfpd_test.sh BUILD_DIR}
bin=$build/bin
# shellcheck source=lib/mfpd.sh
. "$(dirname "$0")/lib/mfpd.sh"
# One console and log per start, all shown on failure.
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/log.*; do [ -f "$f" ] && { echo "--- $f" >&2; tail -5 "$f" >&2; }; done
  exit 1
}
run=0
start() {
  run=$((run + 1))
  "$bin/mfpd" --data-dir "$dir" --config "$work/mfpd.toml" >"$work/console.$run" \
    2>"$work/log.$run" &
  pid=$!
  mfpd_wait_ready
}
stop() {  # SIGTERM; must be gone within 5 s with status 0
  kill -TERM "$pid"
  for _ in $(seq 1 50); do
    if ! mfpd_alive; then
      wait "$pid" || fail "mfpd exited with $? after SIGTERM"
      pid=
      return 0
    fi
    sleep 0.1
  done
  fail "mfpd still running 5 s after SIGTERM"
}
job_state() { ctl --json jobs list | json "[j['state'] for j in d['jobs'] if j['id']==$1][0]"; }
wait_state() {
  for _ in $(seq 1 300); do
    [ "$(job_state "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  fail "job $1 did not reach $2 (it is $(job_state "$1"))"
}

# Ephemeral ports: tests never depend on (or collide over) fixed ones.
printf '[network]\naddress = "127.0.0.1"\nipps_port = 0\nhttps_port = 0\nhttp_port = 0\n' \
  >"$work/mfpd.toml"
"$bin/mfp-bench" --gen "$work/w" --dpi 300 >/dev/null
doc=$work/w/office.pwg

# Configuration: defaults printed; a typo is an error, not ignored.
"$bin/mfpd" --print-config | grep -q '^ipps_port = 8631' || fail "--print-config"
printf '[network]\nipps_prot = 1\n' >"$work/bad.toml"
set +e
"$bin/mfpd" --config "$work/bad.toml" --print-config >/dev/null 2>"$work/bad.err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "a bad config exits 2 (got $rc)"
grep -q 'ipps_prot' "$work/bad.err" || fail "the bad key is named"

# No daemon: mfpctl says so with exit 3.
set +e
ctl status >/dev/null 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || fail "mfpctl without a daemon exits 3 (got $rc)"

# First start.
start
pw_console=$(sed -n 's/.*one-time password \([^ ]*\)$/\1/p' "$work/console.1")
[ -n "$pw_console" ] || fail "the first start prints the one-time password"
[ "$(stat -c %a "$dir/first-start-password")" = 600 ] || fail "password file mode"
[ "$(cat "$dir/first-start-password")" = "$pw_console" ] || fail "password file content"
[ "$(ctl first-start-password)" = "$pw_console" ] || fail "mfpctl first-start-password"
[ "$(stat -c %a "$dir/mfpd.sock")" = 600 ] || fail "socket mode"
grep -q "$pw_console" "$work/log.1" && fail "the password reached the log"

# The device starts in the secure configuration; Port 9100 on is exactly one deviation.
ctl settings check | grep -q 'no deviation' || fail "a fresh device deviates: $(ctl settings check)"
ctl settings set network.port9100.enabled true >/dev/null
[ "$(ctl --json settings check | json "[x['key'] for x in d['deviations']]")" = \
  "['network.port9100.enabled']" ] || fail "settings check after Port 9100 on"
[ "$(ctl --json settings secure | json "d['changed']")" = "['network.port9100.enabled']" ] ||
  fail "settings secure sets Port 9100 back"
ctl settings check | grep -q 'no deviation' || fail "deviations after settings secure"
set +e
ctl settings set network.port9100.enabled maybe >/dev/null 2>&1
rc=$?
set -e
[ $rc -eq 1 ] || fail "an invalid value is refused"

# Private Charge Print: the Key Operator's local job is held until released.
held=$(ctl --json print "$doc" --name held-job | json "d['id']")
[ "$(job_state "$held")" = pending-held ] || fail "job $held is held"

# Adjust Time: the clock is set, audited with the new time, and kept over a restart.
ctl time set 2031-03-14T09:30:00Z >/dev/null
ctl time show | grep -q '^2031-03-14T09:3' || fail "the clock was not set: $(ctl time show)"
ctl audit --last 5 | grep -q 'Device Settings / Adjust Time / Successful.*Time=2031-03-14T09:30:00Z' ||
  fail "Adjust Time is not audited"
set +e
ctl time set 14/03/2031 >/dev/null 2>&1
rc=$?
set -e
[ $rc -eq 2 ] || fail "a malformed time is a usage error (got $rc)"

# SIGTERM: orderly shutdown, audited; the held job survives the restart (and so does the clock).
stop
start
[ "$(job_state "$held")" = pending-held ] || fail "the held job survives a restart"
ctl time show | grep -q '^2031-03-14T' || fail "the clock's setting is lost at a restart"
ctl audit --last 200 | grep -q 'System Status / Shutdown requested' || fail "shutdown audited"
ctl audit --last 200 | grep -q 'Started normally' || fail "start audited"
ctl jobs release "$held" >/dev/null
wait_state "$held" completed

# mfpctl restart: an orderly shutdown and a warm boot in the same process.
ctl restart >/dev/null 2>&1 || true
sleep 0.5
for _ in $(seq 1 200); do ctl status >/dev/null 2>&1 && break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null || fail "mfpd is gone after a restart"
ctl audit --last 50 | grep -q 'Started normally (warm boot)' || fail "the restart is a warm boot"
[ "$(job_state "$held")" = completed ] || fail "the history survives a restart"

# SIGKILL while a job prints: the engine has no paper, so the job waits at the engine.
for t in $(ctl --json status | json "' '.join(x['id'] for x in d['trays'])"); do
  ctl engine tray "$t" empty >/dev/null
done
stuck=$(ctl --json print "$doc" --name stuck | json "d['id']")
ctl jobs release "$stuck" >/dev/null
wait_state "$stuck" processing-stopped
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=
start
[ "$(job_state "$stuck")" = aborted ] || fail "a job printing at SIGKILL is aborted"
ctl --json jobs list | json "[j['reason'] for j in d['jobs'] if j['id']==$stuck][0]" |
  grep -q aborted-by-system || fail "aborted-by-system"
ctl audit --last 200 | grep -q 'Job Status / Print / Aborted' || fail "the abort is audited"
[ "$(ctl --json status | json "d['overwrite_pending']")" = False ] || fail "overwrites pending"
[ -z "$(ls -A "$dir/data/store/objects")" ] || fail "objects left: $(ls "$dir/data/store/objects")"

# Factory reset: new keys, nothing kept, a new one-time password (console of mfpctl and file).
ctl settings set network.port9100.enabled true >/dev/null
ctl --json print "$doc" --name before-reset >/dev/null
pw_reset=$(ctl --json factory-reset --yes | json "d['password']")
[ -n "$pw_reset" ] && [ "$pw_reset" != "$pw_console" ] || fail "a factory reset makes a new password"
[ "$(cat "$dir/first-start-password")" = "$pw_reset" ] || fail "the password file after reset"
[ "$(ctl --json jobs list | json "len(d['jobs'])")" = 0 ] || fail "jobs survive a factory reset"
ctl settings check | grep -q 'no deviation' || fail "a reset device deviates"
[ -z "$(ls -A "$dir/data/store/objects")" ] || fail "objects survive a factory reset"
stop

# A tampered database is refused at start-up with a clear fault (the setting-data self-test).
python3 - "$dir/data/metadata.db" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[4096 + 200] ^= 0x40  # a byte inside the second page
open(p, "wb").write(bytes(b))
PY
set +e
"$bin/mfpd" --data-dir "$dir" --config "$work/mfpd.toml" >"$work/console.t" 2>"$work/log.t"
rc=$?
set -e
[ $rc -eq 1 ] || fail "a tampered database must stop the start (exit $rc)"
grep -q 'integrity' "$work/log.t" || fail "the fault names the integrity failure: $(cat "$work/log.t")"
echo "mfpd e2e: all checks passed"
