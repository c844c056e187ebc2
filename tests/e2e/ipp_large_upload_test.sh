#!/usr/bin/env bash
# End to end (security review finding 5): a multi-megabyte document whose upload meets the
# printer's authentication challenge. ipptool (libcups) sends a Print-Job without credentials
# first, with "Expect: 100-continue", the IPP attributes right behind the header, and waits a
# second for a status; the printer must answer 401 to a client that listens (no "100 Continue"
# once the attributes are there), and a client already uploading must still read the answer
# (the printer drops the rest of the body instead of closing under it). Before the fix ipptool
# looped for ever re-sending the document.
#
#   ipptool, chunked (-C) and Content-Length (-L): a ~5 MB JPEG, credentials in the URI, each
#   printed within ipptool's own 20 s timeout; the held jobs, released by their owner, print.
#   A raw client without Expect that uploads all ~5 MB without credentials: reads 401 once its
#   upload ends; the same with credentials: job created.
set -euo pipefail
build=${1:?usage: ipp_large_upload_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
ipptool=/usr/bin/ipptool
[ -x "$ipptool" ] || { echo "FAIL: $ipptool not installed (cups-ipp-utils)" >&2; exit 1; }
command -v vips >/dev/null || { echo "FAIL: vips not installed (libvips-tools)" >&2; exit 1; }
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"

mfpd_start
port=$(listener_port ipps)
[ "$port" -gt 0 ] || fail "no IPPS listener"
login=uploader
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add "$login" "Large uploads" user >/dev/null ||
  fail "cannot add the test user"

# A JPEG of about 5 MB: noise does not compress.
vips gaussnoise "$work/noise.v" 2600 2600 --sigma 60
vips bandjoin "$work/noise.v $work/noise.v $work/noise.v" "$work/rgb.v"
vips cast "$work/rgb.v" "$work/rgb8.v" uchar
vips jpegsave "$work/rgb8.v" "$work/big.jpg" --Q 92
size=$(stat -c %s "$work/big.jpg")
[ "$size" -gt 4000000 ] || fail "test JPEG is only $size bytes"

ipptool_conf
uri="ipps://$login:$password@localhost:$port/ipp/print"
for framing in -C -L; do
  out=$work/ipptool$framing.out
  rc=0
  env HOME="$work" CUPS_SERVERROOT="$work/cups" timeout 60 "$ipptool" -t -T 20 "$framing" \
    -d filename="$work/big.jpg" -d job_name="large$framing" "$uri" \
    "$here/ipp_large_upload/print-job.test" >"$out" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || ! grep -q '\[PASS\]' "$out"; then
    sed "s/$password/PASSWORD/g" "$out" >&2
    fail "ipptool $framing: exit $rc (124: it hung)"
  fi
done

# A raw client: all of the body written before it reads anything, no Expect.
/usr/bin/python3 - "$port" "$work/big.jpg" "$login" "$password" <<'PY' || fail "raw upload"
import base64, socket, ssl, struct, sys, time
port, path, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
doc = open(path, "rb").read()
def attr(tag, name, value):
    n, v = name.encode(), value.encode()
    return bytes([tag]) + struct.pack(">H", len(n)) + n + struct.pack(">H", len(v)) + v
body = (b"\x02\x00\x00\x02" + struct.pack(">i", 5) + b"\x01" +
        attr(0x47, "attributes-charset", "utf-8") +
        attr(0x48, "attributes-natural-language", "en") +
        attr(0x45, "printer-uri", "ipps://localhost:%d/ipp/print" % port) +
        attr(0x42, "requesting-user-name", user) +
        attr(0x49, "document-format", "image/jpeg") + b"\x03" + doc)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
def exchange(auth):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=30))
    head = ("POST /ipp/print HTTP/1.1\r\nHost: localhost:%d\r\nContent-Type: application/ipp\r\n"
            "Content-Length: %d\r\n" % (port, len(body)))
    if auth:
        head += "Authorization: Basic %s\r\n" % base64.b64encode(
            ("%s:%s" % (user, password)).encode()).decode()
    t0 = time.time()
    s.sendall(head.encode() + b"\r\n" + body)
    data = b""
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    print("raw upload auth=%s: HTTP %d after %.2fs" % (auth, status, time.time() - t0))
    return status
if exchange(False) != 401:
    sys.exit("the challenge did not reach a client that uploaded the whole body")
if exchange(True) != 200:
    sys.exit("the authenticated upload was not accepted")
PY

# The held jobs are the uploader's; released, they print.
ids=$(ctl --json jobs list | json "' '.join(str(j['id']) for j in d['jobs'] if j['state']=='pending-held')")
[ "$(wc -w <<<"$ids")" -eq 3 ] || fail "expected 3 held jobs, got: $ids"
for id in $ids; do
  printf '%s\n' "$password" | ctl jobs release "$id" --user "$login" >/dev/null ||
    fail "cannot release job $id"
done
for _ in $(seq 1 300); do
  done_ids=$(ctl --json jobs list | json "' '.join(str(j['id']) for j in d['jobs'] if j['state']=='completed')")
  [ "$(wc -w <<<"$done_ids")" -eq 3 ] && break
  sleep 0.2
done
[ "$(wc -w <<<"$done_ids")" -eq 3 ] || fail "the released jobs did not all print: $(ctl jobs list)"
mfpd_stop
[ "$stopped" -eq 0 ] || fail "mfpd exited with $stopped"
echo "ipp large upload: OK"
