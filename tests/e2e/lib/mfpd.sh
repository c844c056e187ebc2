# Sourced by the end-to-end scripts: one mfpd on loopback with a private data directory,
# ephemeral ports and an unthrottled engine, and the helpers every script uses. The caller sets
# `bin` (the build's bin directory) first; this sets `work` (a temporary directory, removed at
# exit), `dir` (the device's data directory) and `pid` (mfpd, killed at exit). A script with
# more to stop at exit defines e2e_extra_cleanup.
work=$(mktemp -d)
dir=$work/device
pid=
e2e_cleanup() {
  if declare -F e2e_extra_cleanup >/dev/null; then e2e_extra_cleanup; fi
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap e2e_cleanup EXIT

# fail MESSAGE: the test fails, with the end of mfpd's log.
fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/log" ] && { echo "--- mfpd log" >&2; tail -30 "$work/log" >&2; }
  exit 1
}
ctl() { "$bin/mfpctl" --data-dir "$dir" "$@"; }
# json EXPR: evaluates EXPR over the JSON document on stdin, bound to d.
json() { /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# mfpd_start [NETWORK_LINES]: writes $work/mfpd.toml (loopback, IPPS, HTTPS and HTTP on
# ephemeral ports plus NETWORK_LINES in [network], engine unthrottled), starts mfpd with its
# console in $work/console and log in $work/log, and returns once mfpctl gets an answer.
mfpd_start() {
  mfpd_config "${1:-}"
  "$bin/mfpd" --data-dir "$dir" --config "$work/mfpd.toml" >"$work/console" 2>"$work/log" &
  pid=$!
  mfpd_wait_ready
}

# mfpd_config [NETWORK_LINES]: writes $work/mfpd.toml as mfpd_start uses it.
mfpd_config() {
  {
    printf '[network]\naddress = "127.0.0.1"\nipps_port = 0\nhttps_port = 0\nhttp_port = 0\n'
    [ -z "${1:-}" ] || printf '%s\n' "$1"
    printf '[engine]\nspeed = "unthrottled"\n'
  } >"$work/mfpd.toml"
}

# mfpd_wait_ready: returns once the mfpd started as $pid answers mfpctl; fails when it exits
# first or does not answer within 20 s.
mfpd_wait_ready() {
  for _ in $(seq 1 200); do
    ctl status >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || fail "mfpd exited during start-up"
    sleep 0.1
  done
  fail "mfpd did not answer within 20 s"
}

# mfpd_alive: mfpd still runs (a crashed child stays a zombie until waited for, and kill -0
# still succeeds). The stat file is read once: it may vanish between two reads.
mfpd_alive() {
  local stat state
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  [ -n "$stat" ] || return 1
  state=${stat##*) }
  state=${state%% *}
  [ "$state" != Z ]
}

# mfpd_stop: sends mfpd SIGTERM, fails when it still runs 20 s later, and sets `stopped` to its
# exit status.
mfpd_stop() {
  kill -TERM "$pid"
  for _ in $(seq 1 200); do
    mfpd_alive || break
    sleep 0.1
  done
  mfpd_alive && fail "mfpd still running 20 s after SIGTERM"
  stopped=0
  wait "$pid" || stopped=$?
  pid=
}

# listener_port SERVICE: the port mfpd listens on for SERVICE (ipps, https, http, raw); 0 when
# it does not listen.
listener_port() {
  ctl --json status | json "([l['port'] for l in d['listeners'] if l['service']=='$1'] or [0])[0]"
}

# ipptool_conf: writes a private CUPS client configuration to $work/cups (trust on first use,
# no name validation: the device certificate is self-signed) for ipptool, run as
# `env HOME="$work" CUPS_SERVERROOT="$work/cups" ipptool ...` so the host's CUPS configuration
# plays no part.
ipptool_conf() {
  mkdir -p "$work/cups"
  printf 'AllowAnyRoot Yes\nAllowExpiredCerts No\nTrustOnFirstUse Yes\nValidateCerts No\n' \
    >"$work/cups/client.conf"
}
