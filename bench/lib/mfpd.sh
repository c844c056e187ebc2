# Sourced by the comparison scripts (bench/*_compare.sh): one mfpd on loopback with ephemeral
# ports and an unthrottled engine in $tmp/device, and the helpers the scripts share. The
# caller sets `bin` and `tmp` (its temporary directory) first and kills $mfpd_pid at exit.

# bench_mfpd_start [TOML_LINES]: starts mfpd with TOML_LINES appended to its configuration
# and returns once mfpctl gets an answer; sets mfpd_pid.
bench_mfpd_start() {
  {
    printf '[network]\naddress = "127.0.0.1"\nipps_port = 0\nhttps_port = 0\nhttp_port = 0\n'
    printf '[engine]\nspeed = "unthrottled"\n'
    [ -z "${1:-}" ] || printf '%s\n' "$1"
  } >"$tmp/mfpd.toml"
  "$bin/mfpd" --data-dir "$tmp/device" --config "$tmp/mfpd.toml" >"$tmp/mfpd.out" \
    2>"$tmp/mfpd.log" &
  mfpd_pid=$!
  for _ in $(seq 1 200); do ctl status >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "mfpd did not start" >&2
  exit 1
}
ctl() { "$bin/mfpctl" --data-dir "$tmp/device" "$@"; }
# listener_port SERVICE: the port mfpd listens on for SERVICE (ipps, https, http, raw).
listener_port() {
  ctl --json status | python3 -c \
    "import json,sys; print([l['port'] for l in json.load(sys.stdin)['listeners'] if l['service']=='$1'][0])"
}
# field NAME: a number from mfp-bench's JSON on stdin.
field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -1; }
# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }'; }
# free_port: a free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
