#!/usr/bin/env bash
# Browser-interface benchmark of OpenMFP beside CUPS's own web interface in the same run, same
# client (mfp-bench --web), both on loopback:
#  - CLIENTS concurrent keep-alive clients reading the jobs page with 1,000 jobs in history,
#    back to back for SECONDS: requests/s, p50 and p99 latency. Ours: HTTPS, each client its
#    own logged-in session (a System Administrator, who sees every job), the Job History page
#    (50 jobs a page, newest first). CUPS: a private cupsd (web interface on, plain HTTP: it has
#    no certificate here), /jobs?which_jobs=all with 1,000 held jobs in one queue.
#  - the same load on ours with one more client logging in over and over (a login's key
#    derivation must not stall the other sessions);
#  - the audit log export (/ALOGEXPT.CMD) with the log full (15,000 events), best of REPEAT.
#
#   bench/cwis_compare.sh [BUILD_DIR] [CLIENTS] [SECONDS] [REPEAT]
set -euo pipefail
build=${1:-build}
clients=${2:-50}
seconds=${3:-10}
repeat=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin=$build/bin
tmp=$(mktemp -d)
chmod 711 "$tmp"
mfpd_pid=
cupsd_pid=
cleanup() {
  for p in $mfpd_pid $cupsd_pid; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in $mfpd_pid $cupsd_pid; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=lib/mfpd.sh
. "$here/bench/lib/mfpd.sh"
jobs=${MFP_BENCH_JOBS:-1000}         # a smaller run to check the script: MFP_BENCH_JOBS=20
audit_events=${MFP_BENCH_AUDIT:-15000}

# --- mfpd: 1,000 finished jobs in the history --------------------------------------------
bench_mfpd_start $'[jobs]\nhistory_count = 2000'
https=$(listener_port https)
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add bench "Benchmark" admin >/dev/null
ctl settings set print.private.receive_control print >/dev/null
"$bin/mfp-bench" --gen "$tmp/gen" >/dev/null
doc=$tmp/gen/office.jpg
for i in $(seq 1 $jobs); do ctl print --name "bench-job-$i" "$doc" >/dev/null; done
for _ in $(seq 1 600); do
  active=$(ctl --json status | python3 -c "import json,sys; print(json.load(sys.stdin)['jobs_active'])")
  [ "$active" = 0 ] && break
  sleep 0.5
done

# --- cupsd: a private instance with its web interface, 1,000 held jobs --------------------
croot=$tmp/cups
mkdir -p "$croot"/{spool,cache,state,log,tmp,ppd}
chown lp "$croot/spool" "$croot/tmp" 2>/dev/null || true
cups_port=$(free_port)
cat >"$croot/cupsd.conf" <<CONF
Listen 127.0.0.1:$cups_port
Listen $croot/cups.sock
WebInterface Yes
Browsing No
LogLevel warn
MaxJobs 5000
MaxJobsPerPrinter 5000
MaxJobsPerUser 5000
PreserveJobHistory Yes
MaxClients 200
<Location />
  Order allow,deny
  Allow 127.0.0.1
</Location>
CONF
cat >"$croot/cups-files.conf" <<CONF
ServerRoot $croot
RequestRoot $croot/spool
CacheDir $croot/cache
StateDir $croot/state
TempDir $croot/tmp
AccessLog $croot/log/access_log
ErrorLog $croot/log/error_log
PageLog $croot/log/page_log
User lp
Group lp
FileDevice Yes
CONF
/usr/sbin/cupsd -f -c "$croot/cupsd.conf" -s "$croot/cups-files.conf" >"$croot/log/console" 2>&1 &
cupsd_pid=$!
export CUPS_SERVER=$croot/cups.sock
for _ in $(seq 1 100); do lpstat -r >/dev/null 2>&1 && break; sleep 0.1; done
lpadmin -p bench -E -v file:///dev/null 2>/dev/null
cupsdisable bench
for i in $(seq 1 $jobs); do lp -d bench -t "bench-job-$i" "$doc" >/dev/null; done
queued=$(lpstat -o bench | wc -l)

echo "# Browser interface: OpenMFP vs CUPS's web interface, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo "cupsd $(dpkg-query -W -f='${Version}' cups-daemon); jobs: ours $jobs finished, CUPS $queued queued"
ours=$(MFP_BENCH_WEB_USER=bench MFP_BENCH_WEB_PASSWORD=$password "$bin/mfp-bench" \
  --web "https://127.0.0.1:$https/jobs/index.html?which=history" --clients "$clients" \
  --seconds "$seconds" --json)
theirs=$("$bin/mfp-bench" --web "http://127.0.0.1:$cups_port/jobs?which_jobs=all" \
  --clients "$clients" --seconds "$seconds" --json)
with_logins=$(MFP_BENCH_WEB_USER=bench MFP_BENCH_WEB_PASSWORD=$password "$bin/mfp-bench" \
  --web "https://127.0.0.1:$https/jobs/index.html?which=history" --clients "$clients" \
  --seconds "$seconds" --web-logins --json)
printf "Jobs page, %s clients: ours %s req/s (p50 %s ms, p99 %s ms, %s bytes), CUPS %s req/s (p50 %s ms, p99 %s ms, %s bytes), ratio %s\n" \
  "$clients" "$(echo "$ours" | field requests_per_second)" "$(echo "$ours" | field p50_ms)" \
  "$(echo "$ours" | field p99_ms)" "$(echo "$ours" | field page_bytes)" \
  "$(echo "$theirs" | field requests_per_second)" "$(echo "$theirs" | field p50_ms)" \
  "$(echo "$theirs" | field p99_ms)" "$(echo "$theirs" | field page_bytes)" \
  "$(ratio "$(echo "$ours" | field requests_per_second)" "$(echo "$theirs" | field requests_per_second)")"
printf "With logins alongside: ours %s req/s (p50 %s ms, p99 %s ms); %s logins, login p50 %s ms\n" \
  "$(echo "$with_logins" | field requests_per_second)" "$(echo "$with_logins" | field p50_ms)" \
  "$(echo "$with_logins" | field p99_ms)" "$(echo "$with_logins" | field logins)" \
  "$(echo "$with_logins" | field login_p50_ms)"

# --- the audit log export with 15,000 events (MFP_BENCH_AUDIT) ------------------------------------------------
# Failed logins at the browser interface are audited; each source address is throttled after
# a few, so settings changes fill the log instead (each one audited), in one mfpctl session.
count=$(ctl --json audit --last 20000 2>/dev/null | python3 -c "import json,sys; print(len(json.load(sys.stdin)['events']))" 2>/dev/null || echo 0)
need=$((audit_events - count))
if [ "$need" -gt 0 ]; then
  for i in $(seq 1 $(((need + 1) / 2))); do
    ctl settings set auth.password_min_length 10 >/dev/null
    ctl settings set auth.password_min_length 9 >/dev/null
  done
fi
cred="NAME=$(printf bench | base64 -w0)&PSW=$(printf '%s' "$password" | base64 -w0)"
best=
for _ in $(seq 1 "$repeat"); do
  rm -f "$tmp/jar"
  curl -sk -c "$tmp/jar" -o /dev/null -X POST --data-binary "$cred" \
    -H "Referer: https://127.0.0.1:$https/home/index.html" "https://127.0.0.1:$https/LOGIN.CMD"
  t=$(curl -sk -b "$tmp/jar" -H 'Connection: close' -o "$tmp/audit.txt" -w '%{time_total}' \
    "https://127.0.0.1:$https/ALOGEXPT.CMD")
  best=$(awk -v a="$t" -v b="${best:-999}" 'BEGIN{ print (a<b)?a:b }')
done
lines=$(($(wc -l <"$tmp/audit.txt") - 7))
printf "Audit export: %s records, %s bytes, best of %s: %s s\n" "$lines" \
  "$(stat -c %s "$tmp/audit.txt")" "$repeat" "$best"
