#!/usr/bin/env bash
# IPP benchmarks of OpenMFP's printer beside ippeveprinter (CUPS's reference IPP Everywhere
# printer) in the same run, same client (mfp-bench --ipp), both over TLS on loopback:
#  - Get-Printer-Attributes requests/s at CLIENTS concurrent keep-alive TLS clients;
#  - Print-Job ingest MB/s of one large PWG raster document (ours seals it into encrypted
#    storage as it arrives; ippeveprinter writes it to a plain spool file), best of REPEAT.
#
#   bench/ipp_compare.sh [BUILD_DIR] [CLIENTS] [SECONDS] [REPEAT]
#
# mfpd runs its secure configuration with a local user (HTTP Basic on every request: the
# IPP Basic credential cache makes that one KDF per minute) and Job Login Success "Print";
# ippeveprinter runs without authentication. Its D-Bus needs are met by a private bus.
set -euo pipefail
build=${1:-build}
clients=${2:-50}
seconds=${3:-10}
repeat=${4:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin=$build/bin
work=${MFP_BENCH_DIR:-var/bench}
mkdir -p "$work"
[ -f "$work/mixed.pwg" ] || "$bin/mfp-bench" --gen "$work" >/dev/null
tmp=$(mktemp -d)
mfpd_pid=
eve_pid=
eve_port=
bus_pid=
cleanup() {
  for p in $mfpd_pid $eve_pid $bus_pid; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in $mfpd_pid $eve_pid $bus_pid; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=lib/mfpd.sh
. "$here/bench/lib/mfpd.sh"

# ippeveprinter, TLS on its port (it detects a ClientHello), no DNS-SD; started afresh for
# each measurement (under 50 concurrent TLS clients it has been seen to stall and to crash).
bus_pid=$(dbus-daemon --session --address="unix:path=$tmp/bus" --fork --print-pid)
export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/bus" DBUS_SYSTEM_BUS_ADDRESS="unix:path=$tmp/bus"
start_eve() {
  if [ -n "$eve_pid" ]; then kill "$eve_pid" 2>/dev/null || true; wait "$eve_pid" 2>/dev/null || true; fi
  rm -rf "$tmp/eve-spool" "$tmp/eve-home"
  mkdir -p "$tmp/eve-spool" "$tmp/eve-home"
  eve_port=$(free_port)
  HOME=$tmp/eve-home ippeveprinter -n localhost -p "$eve_port" -d "$tmp/eve-spool" \
    -f image/pwg-raster,image/jpeg -r off "Bench" >>"$tmp/eve.log" 2>&1 &
  eve_pid=$!
  for _ in $(seq 1 50); do
    ipptool -q "ipps://localhost:$eve_port/ipp/print" get-printer-attributes.test 2>/dev/null &&
      return 0
    sleep 0.2
  done
  echo "ippeveprinter did not start" >&2
  exit 1
}
eve_alive() { kill -0 "$eve_pid" 2>/dev/null && echo "" || echo " (ippeveprinter crashed)"; }

# mfpd.
bench_mfpd_start
port=$(listener_port ipps)
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add bench "Benchmark" user >/dev/null
ctl settings set print.private.job_login_success print >/dev/null


echo "# IPP: OpenMFP vs ippeveprinter, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo "ippeveprinter from cups-ipp-utils $(dpkg-query -W -f='${Version}' cups-ipp-utils)"
ours_rps=$(MFP_BENCH_IPP_USER=bench MFP_BENCH_IPP_PASSWORD=$password "$bin/mfp-bench" \
  --ipp "ipps://127.0.0.1:$port/ipp/print" --ipp-mode attributes --clients "$clients" \
  --seconds "$seconds" --json | field requests_per_second)
start_eve
eve_rps=$(timeout $((seconds + 90)) "$bin/mfp-bench" --ipp "ipps://127.0.0.1:$eve_port/ipp/print" \
  --ipp-mode attributes --clients "$clients" --seconds "$seconds" --json |
  field requests_per_second || true)
printf "Get-Printer-Attributes, %s TLS clients: ours %s/s, ippeveprinter %s/s%s, ratio %s\n" \
  "$clients" "$ours_rps" "${eve_rps:-0}" "$(eve_alive)" "$(ratio "$ours_rps" "${eve_rps:-0}")"
doc=$work/mixed.pwg
ours_mbs=$(MFP_BENCH_IPP_USER=bench MFP_BENCH_IPP_PASSWORD=$password "$bin/mfp-bench" \
  --ipp "ipps://127.0.0.1:$port/ipp/print" --ipp-mode ingest --input "$doc" --repeat "$repeat" \
  --json | field megabytes_per_second)
start_eve
eve_mbs=$("$bin/mfp-bench" --ipp "ipps://127.0.0.1:$eve_port/ipp/print" --ipp-mode ingest \
  --input "$doc" --repeat "$repeat" --json | field megabytes_per_second)
printf "Print-Job ingest, %s (%s MB): ours %s MB/s, ippeveprinter %s MB/s, ratio %s\n" \
  "$(basename "$doc")" "$(($(stat -c %s "$doc") / 1000000))" "$ours_mbs" "$eve_mbs" \
  "$(ratio "$ours_mbs" "$eve_mbs")"
