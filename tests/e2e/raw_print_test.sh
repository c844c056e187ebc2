#!/usr/bin/env bash
# End to end: Port 9100 raw printing against mfpd. Off in the secure configuration (nothing
# listens); switched on, a raw job has no login, so Receive Control deletes and audits it; PJL
# file-system, persistent and password commands are dropped and audited by keyword, touch no
# file and get no answer; an HTTP request on the port is dropped and audited; with "Job without
# User ID: Print", a PJL-wrapped PDF and a bare PWG raster print with their PJL job name and
# copies, page for page as mfp-print prints the same files.
set -euo pipefail
build=${1:?usage: raw_print_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"
impressions() { ctl --json status | json "d['impressions']"; }
raw_port() { listener_port raw; }
audit_count() { ctl --json audit --last 500 | json "len([e for e in d['events'] if $1])"; }
# send FILE: writes FILE to the raw port, half-closes, and prints how many bytes came back.
send() {
  python3 - "$port" "$1" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
s.sendall(open(sys.argv[2], "rb").read())
s.shutdown(socket.SHUT_WR)
back = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    back += chunk
print(len(back))
PY
}
wait_jobs() {  # wait_jobs N: until N jobs are listed (any state) and none is active
  for _ in $(seq 1 300); do
    if ctl --json jobs list | python3 -c "
import json, sys
d = json.load(sys.stdin)
j = d['jobs']
sys.exit(0 if len(j) >= $1 and all(x['state'] in ('completed', 'aborted', 'canceled') for x in j) else 1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  fail "jobs did not reach $1 finished: $(ctl --json jobs list)"
}

mfpd_start 'raw_port = 0'

# --- secure configuration: nothing listens on the raw port ------------------------------
[ "$(raw_port)" = 0 ] || fail "a raw listener in the secure configuration"
ctl settings set network.port9100.enabled true >/dev/null || fail "cannot switch Port 9100 on"
port=$(raw_port)
[ "$port" -gt 0 ] || fail "no raw listener after Port 9100 was switched on"

timeout 300 "$bin/mfp-bench" --gen "$work/gen" --dpi 300 >/dev/null 2>&1 || fail "mfp-bench --gen"
uel=$'\x1b%-12345X'
{
  printf '%s@PJL JOB NAME="raw report"\r\n@PJL SET USERNAME="alice"\r\n@PJL SET COPIES=2\r\n' "$uel"
  printf '@PJL ENTER LANGUAGE=PDF\r\n'
  cat "$work/gen/office-doc.pdf"
  printf '%s@PJL EOJ\r\n%s' "$uel" "$uel"
} >"$work/job.pjl"

# --- a raw job has no login: deleted and audited, nothing printed -------------------------
before=$(impressions)
[ "$(send "$work/job.pjl")" = 0 ] || fail "the raw port answered"
wait_jobs 0
for _ in $(seq 1 100); do
  [ "$(audit_count "e['event']=='Job Status' and 'without user ID' in e['items'].get('Reason','')")" -ge 1 ] && break
  sleep 0.1
done
[ "$(audit_count "e['event']=='Job Status' and 'without user ID' in e['items'].get('Reason','')")" -ge 1 ] ||
  fail "the deleted raw job was not audited: $(ctl --json audit --last 5)"
[ "$(impressions)" = "$before" ] || fail "a raw job without login printed"

# --- dangerous PJL commands: dropped, audited by keyword, no file touched, no answer ------
canary=$work/pwned
{
  printf '%s@PJL FSDOWNLOAD FORMAT:BINARY SIZE=4 NAME="0:\\..\\..\\..%s"\r\n' "$uel" "$canary"
  printf '@PJL FSDIRLIST NAME="0:\\..\\..\\etc" ENTRY=1 COUNT=999\r\n'
  printf '@PJL FSUPLOAD NAME="0:\\..\\..\\etc\\shadow" OFFSET=0 SIZE=999\r\n'
  printf '@PJL FSMKDIR NAME="0:\\..%s.dir"\r\n' "$canary"
  printf '@PJL FSDELETE NAME="0:\\..\\..\\etc\\hostname"\r\n'
  printf '@PJL DEFAULT COPIES=99\r\n@PJL SET PASSWORD=1234\r\n@PJL INITIALIZE\r\n@PJL DMCMD ASCIIHEX="040006020501010301040104"\r\n'
  printf '@PJL INFO ID\r\n@PJL ECHO hello\r\n@PJL ENTER LANGUAGE=PDF\r\n'
  cat "$work/gen/office-doc.pdf"
} >"$work/evil.pjl"
[ "$(send "$work/evil.pjl")" = 0 ] || fail "the raw port answered a read-back command"
for _ in $(seq 1 100); do
  [ "$(audit_count "e['description']=='PJL Command'")" -ge 8 ] && break
  sleep 0.1
done
got=$(ctl --json audit --last 500 | json "sorted(e['items']['Command'] for e in d['events'] if e['description']=='PJL Command')")
want="['DEFAULT', 'DMCMD', 'FSDELETE', 'FSDIRLIST', 'FSDOWNLOAD', 'FSMKDIR', 'FSUPLOAD', 'INITIALIZE', 'SET PASSWORD']"
[ "$got" = "$want" ] || fail "audited PJL commands $got, expected $want"
ctl --json audit --last 500 | grep -q 'etc' && fail "a PJL argument reached the audit log"
grep -q 'etc\|shadow\|pwned' "$work/log" && fail "a PJL argument reached the log"
[ ! -e "$canary" ] && [ ! -e "$canary.dir" ] || fail "a PJL file-system command touched the file system"
[ -s /etc/hostname ] || true

# --- cross-site printing: an HTTP request is dropped and audited ---------------------------
printf 'POST /print HTTP/1.1\r\nHost: victim\r\nContent-Length: 5\r\n\r\nhello' >"$work/http.txt"
[ "$(send "$work/http.txt")" = 0 ] || fail "the raw port answered HTTP"
for _ in $(seq 1 100); do
  [ "$(audit_count "e['description']=='Port 9100'")" -ge 1 ] && break
  sleep 0.1
done
[ "$(audit_count "e['description']=='Port 9100'")" -ge 1 ] || fail "the HTTP request was not audited"

# --- Job without User ID: Print -> the raw jobs print --------------------------------------
ctl settings set print.private.job_without_user_id print >/dev/null || fail "Job without User ID"
timeout 300 "$bin/mfp-print" --out "$work/direct" --no-preview --speed unthrottled --dpi 600 \
  "$work/gen/office-doc.pdf" "$work/gen/office.pwg" >/dev/null 2>&1 || fail "mfp-print"
pdf_pages=$(python3 -c "import json; d=json.load(open('$work/direct/pages.json')); print(d['jobs'][0]['pages'])")
pwg_pages=$(python3 -c "import json; d=json.load(open('$work/direct/pages.json')); print(d['jobs'][1]['pages'])")
want_pdf=$(python3 -c "import json; d=json.load(open('$work/direct/pages.json')); print(' '.join(p['sha256'] for p in d['pages'] if p['job']==d['jobs'][0]['job']))")
before=$(impressions)
[ "$(send "$work/job.pjl")" = 0 ] || fail "the raw port answered"
wait_jobs 1
rec=$(ctl --json jobs list | json "[(j['name'], j['state'], j['pages']) for j in d['jobs']][-1]")
[ "$rec" = "('raw report', 'completed', $((2 * pdf_pages)))" ] ||
  fail "PJL job: (name, state, pages) = $rec, expected raw report, completed, $((2 * pdf_pages))"
id=$(ctl --json jobs list | json "d['jobs'][-1]['id']")
got=$(ctl --json engine output --job "$id" | json "' '.join(p['sha256'] for p in d['pages'])")
[ "$got" = "$want_pdf $want_pdf" ] || fail "raw PDF pages differ from mfp-print (two copies)"
[ $(($(impressions) - before)) -eq $((2 * pdf_pages)) ] || fail "impressions"

# A bare PWG raster stream (no PJL) prints too, its format sniffed.
[ "$(send "$work/gen/office.pwg")" = 0 ] || fail "the raw port answered"
wait_jobs 2
rec=$(ctl --json jobs list | json "[(j['state'], j['pages']) for j in d['jobs']][-1]")
[ "$rec" = "('completed', $pwg_pages)" ] || fail "bare PWG job: $rec"

# PJL SET PAPER lays the pages on that paper, as mfp-print --media does.
{
  printf '%s@PJL JOB NAME="letter"\r\n@PJL SET PAPER=LETTER\r\n@PJL ENTER LANGUAGE=PDF\r\n' "$uel"
  cat "$work/gen/office-doc.pdf"
  printf '%s@PJL EOJ\r\n%s' "$uel" "$uel"
} >"$work/letter.pjl"
timeout 300 "$bin/mfp-print" --out "$work/letter" --no-preview --speed unthrottled --dpi 600 \
  --media na_letter_8.5x11in "$work/gen/office-doc.pdf" >/dev/null 2>&1 || fail "mfp-print --media"
want_letter=$(python3 -c "import json; d=json.load(open('$work/letter/pages.json')); print(' '.join(p['sha256'] for p in d['pages']))")
[ "$(send "$work/letter.pjl")" = 0 ] || fail "the raw port answered"
wait_jobs 3
id=$(ctl --json jobs list | json "d['jobs'][-1]['id']")
sizes=$(ctl --json engine output --job "$id" | json "sorted(set((p['width'], p['height']) for p in d['pages']))")
[ "$sizes" = "[(5100, 6600)]" ] || fail "PJL PAPER=LETTER printed sheets of $sizes"
got=$(ctl --json engine output --job "$id" | json "' '.join(p['sha256'] for p in d['pages'])")
[ "$got" = "$want_letter" ] || fail "PJL PAPER=LETTER pages differ from mfp-print --media"

# --- switched off again: nothing listens ---------------------------------------------------
ctl settings set network.port9100.enabled false >/dev/null
[ "$(raw_port)" = 0 ] || fail "the raw listener stayed after Port 9100 was switched off"
python3 -c "
import socket, sys
try:
    socket.create_connection(('127.0.0.1', $port), timeout=2)
except OSError:
    sys.exit(0)
sys.exit(1)" || fail "port $port still accepts connections"

kill -TERM "$pid"
wait "$pid" || fail "mfpd exited with $? after SIGTERM"
pid=
echo "raw print: OK"
