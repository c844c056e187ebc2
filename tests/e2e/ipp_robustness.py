#!/usr/bin/python3
"""Robustness checks of mfpd's IPPS printer against hostile or broken clients.

Run by ipp_robustness_test.sh against ONE running mfpd (secure configuration, unthrottled
engine). Builds IPP requests by hand (RFC 8010) and checks every answer; after each case a
normal Get-Printer-Attributes on a fresh connection must succeed. Standard library only.

Usage: ipp_robustness.py PORT MFPCTL DATA_DIR USER1:PASS USER2:PASS USER3:PASS
Prints one line per check; exits 1 when a check failed. Lines starting with "BUG:" name a
daemon defect (the check is kept and fails).

Cases: 1 malformed messages, 2 versions, 3 charset/language, 4 nesting, 5 counts and sizes,
6 document formats, 7 PWG rasters the printer cannot print, 8 gzip bombs and bad gzip (Print-Job
and Send-Document), 9 slowloris (headers and handshakes), 10 resets, 11 authentication and
other users' view of a job, 12 concurrent Print-Jobs, 13 HTTP framing and keep-alive, 14 jobs
created without authentication are bound to their client (address and requesting-user-name).
"""
import base64
import json
import select
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import zlib

PORT = int(sys.argv[1])
MFPCTL = sys.argv[2]
DATA_DIR = sys.argv[3]
USERS = [tuple(a.split(":", 1)) for a in sys.argv[4:7]]
HOST = "127.0.0.1"
URI = "ipps://%s:%d/ipp/print" % (HOST, PORT)

failures = []


def ok(msg):
    print("ok   " + msg, flush=True)


def bad(msg, bug=False):
    line = ("BUG: " if bug else "FAIL: ") + msg
    print(line, flush=True)
    failures.append(line)


def check(cond, msg, bug=False):
    if cond:
        ok(msg)
    else:
        bad(msg, bug)
    return cond


# ---- IPP encoding (RFC 8010) -------------------------------------------------------------

OP_GROUP, JOB_GROUP, END = 0x01, 0x02, 0x03
T_INT, T_BOOL, T_ENUM = 0x21, 0x22, 0x23
T_BEGCOL, T_ENDCOL, T_MEMBER = 0x34, 0x37, 0x4A
T_TEXT, T_NAME, T_KEYWORD, T_URI, T_CHARSET, T_LANG, T_MIME = (
    0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49)

PRINT_JOB, VALIDATE_JOB, CANCEL_JOB, GET_JOB_ATTRS, GET_JOBS, GET_PRINTER_ATTRS = (
    0x0002, 0x0004, 0x0008, 0x0009, 0x000A, 0x000B)


def attr(tag, name, value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = struct.pack(">i", value)
    elif isinstance(value, bool):
        value = b"\x01" if value else b"\x00"
    elif isinstance(value, str):
        value = value.encode()
    n = name.encode()
    return bytes([tag]) + struct.pack(">H", len(n)) + n + struct.pack(">H", len(value)) + value


def header(op, rid=1, version=(2, 0)):
    return bytes(version) + struct.pack(">Hi", op, rid)


def charset_lang():
    return attr(T_CHARSET, "attributes-charset", "utf-8") + attr(
        T_LANG, "attributes-natural-language", "en")


def request(op, rid=1, extra=b"", version=(2, 0), job_group=b""):
    body = header(op, rid, version) + bytes([OP_GROUP]) + charset_lang()
    body += attr(T_URI, "printer-uri", URI) + extra
    if job_group:
        body += bytes([JOB_GROUP]) + job_group
    return body + bytes([END])


def print_job(fmt=None, name="robustness", extra=b"", rid=7, compression=None, user="alice"):
    e = attr(T_NAME, "requesting-user-name", user) + attr(T_NAME, "job-name", name)
    if fmt:
        e += attr(T_MIME, "document-format", fmt)
    if compression:
        e += attr(T_KEYWORD, "compression", compression)
    return request(PRINT_JOB, rid, e + extra)


def parse_response(data):
    """(version, status, request-id, {group-index: {name: [values]}}) of an IPP response."""
    if len(data) < 8:
        raise ValueError("IPP response shorter than 8 bytes: %r" % data)
    ver = (data[0], data[1])
    status, rid = struct.unpack(">Hi", data[2:8])
    pos, groups, cur, last = 8, [], None, None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:
            cur = {}
            groups.append((tag, cur))
            continue
        (nl,) = struct.unpack(">H", data[pos:pos + 2])
        name = data[pos + 2:pos + 2 + nl].decode("utf-8", "replace")
        pos += 2 + nl
        (vl,) = struct.unpack(">H", data[pos:pos + 2])
        raw = data[pos + 2:pos + 2 + vl]
        pos += 2 + vl
        if tag in (T_INT, T_ENUM) and vl == 4:
            v = struct.unpack(">i", raw)[0]
        elif tag == T_BOOL:
            v = raw == b"\x01"
        elif tag in (0x10, 0x12, 0x13):
            v = None  # out of band (unsupported, unknown, no-value)
        elif tag == 0x31 and vl == 11:  # dateTime (RFC 2579): year..seconds
            v = struct.unpack(">HBBBBB", raw[:7])
        else:
            v = raw.decode("utf-8", "replace")
        if name:
            last = name
            cur.setdefault(name, []).append((tag, v))
        elif last is not None and cur is not None:
            cur[last].append((tag, v))
    return ver, status, rid, groups


def group_attrs(groups, tag):
    for t, g in groups:
        if t == tag:
            return g
    return {}


# ---- transport --------------------------------------------------------------------------

CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE


def connect(timeout=10, source=None):
    raw = socket.create_connection((HOST, PORT), timeout=timeout,
                                   source_address=(source, 0) if source else None)
    return CTX.wrap_socket(raw, server_hostname=HOST)


def http_head(length, auth=None, ctype="application/ipp"):
    h = "POST /ipp/print HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: %s\r\n" % (HOST, PORT, ctype)
    h += "Content-Length: %d\r\nConnection: close\r\n" % length
    if auth:
        h += "Authorization: Basic %s\r\n" % base64.b64encode(
            ("%s:%s" % auth).encode()).decode()
    return (h + "\r\n").encode()


def read_response(s, deadline):
    """HTTP status, headers (lower-case names) and body of one response."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        s.settimeout(max(0.1, deadline - time.time()))
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before the response header (%r)" % buf)
        buf += chunk
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        n = int(headers["content-length"])
        while len(body) < n:
            s.settimeout(max(0.1, deadline - time.time()))
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        body = body[:n]
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        out = b""
        while True:
            while b"\r\n" not in body:
                s.settimeout(max(0.1, deadline - time.time()))
                chunk = s.recv(65536)
                if not chunk:
                    raise ConnectionError("chunked body cut")
                body += chunk
            size_line, body = body.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(body) < size + 2:
                s.settimeout(max(0.1, deadline - time.time()))
                chunk = s.recv(65536)
                if not chunk:
                    raise ConnectionError("chunked body cut")
                body += chunk
            out += body[:size]
            body = body[size + 2:]
            if size == 0:
                break
        body = out
    return status, headers, body


SENT = [0]  # body bytes the last post() sent


def post(body, auth=None, timeout=20, content_length=None, chunks=None, source=None):
    """Sends one POST on a fresh connection and returns (http status, headers, body).

    `chunks` (an iterable of bytes) streams a large body; sending stops as soon as the server
    has answered (it may refuse a request before reading all of it)."""
    deadline = time.time() + timeout
    s = connect(timeout, source)
    try:
        if chunks is None:
            length = len(body) if content_length is None else content_length
            whole = body
            chunks = [whole[i:i + 65536] for i in range(65536, len(whole), 65536)]
            body = whole[:65536]
        else:
            length = content_length
        s.sendall(http_head(length, auth) + body)
        SENT[0] = len(body)
        for c in chunks:
            r, _, _ = select.select([s], [], [], 0)
            if r or s.pending():
                break
            try:
                s.sendall(c)
                SENT[0] += len(c)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout):
                break
            if time.time() > deadline:
                raise TimeoutError("upload took too long")
        return read_response(s, deadline)
    finally:
        s.close()


def ipp(body, auth=None, timeout=20, **kw):
    """(http status, ipp status or None, groups, headers) of one request."""
    st, hd, data = post(body, auth, timeout, **kw)
    if st != 200 or hd.get("content-type", "").split(";")[0] != "application/ipp":
        return st, None, [], hd
    _, status, _, groups = parse_response(data)
    return st, status, groups, hd


def printer_alive(label):
    """A normal Get-Printer-Attributes on a fresh connection, answered promptly."""
    t0 = time.time()
    try:
        st, status, groups, _ = ipp(
            request(GET_PRINTER_ATTRS, 42, attr(T_KEYWORD, "requested-attributes",
                                                "printer-state")), timeout=10)
    except Exception as e:  # noqa: BLE001
        bad("%s: Get-Printer-Attributes afterwards failed: %r" % (label, e), bug=True)
        return False
    dt = time.time() - t0
    good = st == 200 and status == 0 and "printer-state" in group_attrs(groups, 0x04)
    return check(good, "%s: daemon still serves (Get-Printer-Attributes %.2fs)" % (label, dt),
                 bug=True)


def ctl(*args, stdin=None):
    p = subprocess.run([MFPCTL, "--data-dir", DATA_DIR] + list(args), input=stdin,
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def jobs():
    rc, out, _ = ctl("--json", "jobs", "list")
    return json.loads(out)["jobs"] if rc == 0 else []


def job_by_id(jid):
    for j in jobs():
        if int(j.get("id", -1)) == int(jid):
            return j
    return None


def nonterminal_ids():
    return {int(j["id"]) for j in jobs()
            if j.get("state") not in ("completed", "aborted", "canceled")}


def expect_ipp_status(label, body, want, auth=None, http_ok=(), **kw):
    """Sends `body`; the answer must be IPP status `want` (or an HTTP status in http_ok)."""
    try:
        st, status, groups, _ = ipp(body, auth, **kw)
    except Exception as e:  # noqa: BLE001
        bad("%s: no answer: %r" % (label, e), bug=True)
        printer_alive(label)
        return None
    msg = group_attrs(groups, OP_GROUP).get("status-message", [(0, "")])[0][1]
    if status is None:
        check(st in http_ok, "%s: HTTP %d (expected IPP 0x%04x)" % (label, st, want), bug=True)
    else:
        check(status == want, "%s: IPP status 0x%04x (expected 0x%04x) %r" %
              (label, status, want, msg), bug=True)
    printer_alive(label)
    return status


def ensure_nothing_kept(label, before):
    # The job record of a refused submission goes at once; allow a moment for the writer.
    for _ in range(20):
        extra = nonterminal_ids() - before
        if not extra:
            break
        time.sleep(0.1)
    check(not extra, "%s: no new non-terminal job kept (%s)" % (label, sorted(extra)), bug=True)


# ---- PWG raster --------------------------------------------------------------------------

def pwg_page(width, height, dpi=300, bits=1, space=3, colors=1, lines=None, size_name="",
             page_pts=None):
    """'RaS2' is not included. 1-bit black (space 3), RLE-encoded blank lines."""
    h = bytearray(1796)
    h[0:len(b"PwgRaster")] = b"PwgRaster"
    bpp = bits * colors
    bpl = (width * bpp + 7) // 8

    def put(off, v):
        struct.pack_into(">I", h, off, v)
    put(276, dpi)
    put(280, dpi)
    pts = page_pts or (width * 72 // dpi, height * 72 // dpi)
    put(352, pts[0])
    put(356, pts[1])
    put(372, width)
    put(376, height)
    put(384, bits)
    put(388, bpp)
    put(392, bpl)
    put(396, 0)
    put(400, space)
    put(420, colors)
    put(452, 1)
    put(456, 1)
    put(460, 1)
    name = size_name.encode()
    h[1732:1732 + len(name)] = name
    # Body: blank lines, 256 per repeated line record.
    unit = 1 if bpp < 8 else bpp // 8
    pixels = bpl // unit
    runs = b""
    left = pixels
    while left > 0:
        n = min(128, left)
        runs += bytes([n - 1]) + b"\x00" * unit
        left -= n
    body = b""
    left = height if lines is None else lines
    while left > 0:
        n = min(256, left)
        body += bytes([n - 1]) + runs
        left -= n
    return bytes(h) + body


def pwg(*pages):
    return b"RaS2" + b"".join(pages)


A4_300 = dict(width=2480, height=3508, size_name="iso_a4_210x297mm")


def wait_job(jid, states, timeout=20):
    deadline = time.time() + timeout
    j = None
    while time.time() < deadline:
        j = job_by_id(jid)
        if j and j.get("state") in states:
            return j
        time.sleep(0.2)
    return j


def release(jid, login, password):
    rc, out, err = ctl("jobs", "release", str(jid), "--user", login, stdin=password + "\n")
    return rc == 0, out + err


# ---- the cases ---------------------------------------------------------------------------

ALICE, BOB, CAROL = USERS
BAD_REQUEST, FORBIDDEN, NOT_AUTHORIZED, NOT_POSSIBLE = 0x0400, 0x0401, 0x0403, 0x0404
NOT_FOUND, TOO_LARGE, TOO_LONG, FORMAT_NS, COMPRESSION_ERR = 0x0406, 0x0408, 0x0409, 0x040A, 0x0410
VERSION_NS = 0x0503


def case_malformed():
    gpa = request(GET_PRINTER_ATTRS, 3)
    # Cut in the middle of the printer-uri attribute (no end tag): the body is complete, so
    # the reader's "truncated" is final.
    cut = gpa.index(b"printer-uri") + 5
    expect_ipp_status("1a truncated attribute", gpa[:cut], BAD_REQUEST)
    # value-length larger than the data that follows.
    v = header(GET_PRINTER_ATTRS, 4) + bytes([OP_GROUP]) + charset_lang()
    v += bytes([T_URI]) + struct.pack(">H", 11) + b"printer-uri" + struct.pack(">H", 900)
    v += URI.encode() + bytes([END])
    expect_ipp_status("1b value-length beyond the data", v, BAD_REQUEST)
    # Negative name-length (0x8000 .. 0xFFFF as SIGNED-SHORT).
    n = header(GET_PRINTER_ATTRS, 5) + bytes([OP_GROUP]) + charset_lang()
    n += bytes([T_URI]) + b"\xff\xf0" + b"printer-uri" + struct.pack(">H", len(URI))
    n += URI.encode() + bytes([END])
    expect_ipp_status("1c negative name-length", n, BAD_REQUEST)
    # A name-length within SIGNED-SHORT but longer than RFC 8011's 255 octets for a name, data
    # present: request-value-too-long by the reader's mapping.
    long_name = "x" * 300
    o = request(GET_PRINTER_ATTRS, 6, attr(T_KEYWORD, long_name, "a"))
    expect_ipp_status("1d oversized name-length (300 > 255)", o, TOO_LONG)
    # name-length 32767 with only a few bytes after it: truncated.
    t = header(GET_PRINTER_ATTRS, 8) + bytes([OP_GROUP]) + charset_lang()
    t += bytes([T_KEYWORD]) + struct.pack(">H", 32767) + b"abc" + bytes([END])
    expect_ipp_status("1e name-length 32767 beyond the data", t, BAD_REQUEST)
    # Fewer than 8 bytes.
    expect_ipp_status("1f 5-byte message", b"\x02\x00\x00\x0b\x00", BAD_REQUEST)


def case_version():
    for ver in ((0, 0), (3, 0)):
        expect_ipp_status("2 version %d.%d" % ver, request(GET_PRINTER_ATTRS, 9, version=ver),
                          VERSION_NS)
    expect_ipp_status("2 version 1.0", request(GET_PRINTER_ATTRS, 9, version=(1, 0)),
                      VERSION_NS)


def case_missing_charset():
    b = header(GET_PRINTER_ATTRS, 10) + bytes([OP_GROUP])
    b += attr(T_LANG, "attributes-natural-language", "en") + attr(T_URI, "printer-uri", URI)
    expect_ipp_status("3a no attributes-charset", b + bytes([END]), BAD_REQUEST)
    b = header(GET_PRINTER_ATTRS, 11) + bytes([OP_GROUP])
    b += attr(T_CHARSET, "attributes-charset", "utf-8") + attr(T_URI, "printer-uri", URI)
    expect_ipp_status("3b no attributes-natural-language", b + bytes([END]), BAD_REQUEST)
    b = header(GET_PRINTER_ATTRS, 12) + bytes([OP_GROUP]) + attr(T_URI, "printer-uri", URI)
    expect_ipp_status("3c neither", b + bytes([END]), BAD_REQUEST)


def case_nesting():
    depth = 1000
    b = header(GET_PRINTER_ATTRS, 13) + bytes([OP_GROUP]) + charset_lang()
    b += attr(T_URI, "printer-uri", URI)
    b += bytes([JOB_GROUP]) + attr(T_BEGCOL, "media-col", b"")
    for _ in range(depth - 1):
        b += attr(T_MEMBER, "", "m") + attr(T_BEGCOL, "", b"")
    b += attr(T_MEMBER, "", "x") + attr(T_INT, "", 1)
    b += attr(T_ENDCOL, "", b"") * depth + bytes([END])
    expect_ipp_status("4 1000-deep collections", b, TOO_LARGE)


def case_counts():
    b = bytearray(header(GET_PRINTER_ATTRS, 14) + bytes([OP_GROUP]) + charset_lang())
    b += attr(T_URI, "printer-uri", URI)
    for i in range(100000):
        b += attr(T_INT, "a%d" % i, i)
    b += bytes([END])
    expect_ipp_status("5a 100000 attributes (%d bytes)" % len(b), bytes(b), TOO_LARGE)
    # Attributes over 1 MiB: 1100 octetString values of 1000 bytes each (1 MiB + 76 KiB),
    # well under the attribute and value counts.
    b = bytearray(header(GET_PRINTER_ATTRS, 15) + bytes([OP_GROUP]) + charset_lang())
    b += attr(T_URI, "printer-uri", URI)
    for i in range(1100):
        b += attr(0x30, "o%d" % i, b"z" * 1000)
    b += bytes([END])
    expect_ipp_status("5b attributes of %d bytes (> 1 MiB)" % len(b), bytes(b), TOO_LARGE)


def case_formats():
    auth = ALICE
    before = nonterminal_ids()
    expect_ipp_status("6a document-format application/x-foo",
                      print_job("application/x-foo") + b"hello", FORMAT_NS, auth=auth)
    ensure_nothing_kept("6a", before)
    garbage = bytes((i * 37 + 11) % 251 for i in range(20000))
    expect_ipp_status("6b octet-stream, garbage data",
                      print_job("application/octet-stream") + garbage, FORMAT_NS, auth=auth)
    ensure_nothing_kept("6b", before)
    # No document-format at all: sniffed too.
    expect_ipp_status("6c no document-format, garbage data", print_job() + garbage, FORMAT_NS,
                      auth=auth)
    ensure_nothing_kept("6c", before)


def submit_pwg(label, data, auth):
    st, status, groups, _ = ipp(print_job("image/pwg-raster", label) + data, auth)
    j = group_attrs(groups, JOB_GROUP)
    jid = j.get("job-id", [(0, None)])[0][1]
    return st, status, jid, groups


def impressions():
    rc, out, _ = ctl("--json", "status")
    return json.loads(out).get("impressions") if rc == 0 else None


def case_raster():
    auth = ALICE
    printed_before = impressions()
    cases = [
        ("7a 1234 dpi", pwg_page(2480, 3508, dpi=1234, size_name="iso_a4_210x297mm")),
        ("7b 200x200 in page", pwg_page(60000, 60000, dpi=300, lines=256,
                                        page_pts=(14400, 14400))),
        ("7c header claims more data than sent", pwg_page(lines=200, **A4_300)),
        ("7d cupsBytesPerLine disagrees", None),
    ]
    bpl_bad = bytearray(pwg_page(**A4_300))
    struct.pack_into(">I", bpl_bad, 392, 999)
    cases[3] = ("7d cupsBytesPerLine disagrees", bytes(bpl_bad))
    for label, page in cases:
        before = nonterminal_ids()
        try:
            st, status, jid, groups = submit_pwg(label, pwg(page), auth)
        except Exception as e:  # noqa: BLE001
            bad("%s: no answer: %r" % (label, e), bug=True)
            printer_alive(label)
            continue
        if status is not None and status >= 0x0400:
            ok("%s: refused at submission, IPP 0x%04x" % (label, status))
            ensure_nothing_kept(label, before)
            printer_alive(label)
            continue
        if not check(status in (0, 1) and jid, "%s: accepted (HTTP %s, IPP %s, job %s)" %
                     (label, st, status, jid)):
            printer_alive(label)
            continue
        j = job_by_id(jid)
        check(j is not None and j.get("state") == "pending-held",
              "%s: job %s held as Private Charge Print (%s)" % (label, jid,
                                                              j and j.get("state")))
        done, msg = release(jid, *auth)
        check(done, "%s: released job %s (%s)" % (label, jid, msg.strip()))
        j = wait_job(jid, ("completed", "aborted", "canceled"), 20)
        state = j and j.get("state")
        reason = j and (j.get("reason") or j.get("state_reason") or j.get("reasons"))
        check(state == "aborted" and reason in ("document-format-error",
                                                "unsupported-document-format",
                                                "document-unprintable-error"),
              "%s: job %s ends aborted with a document error (state %s, reason %s: %s)" %
              (label, jid, state, reason, j and j.get("message")), bug=True)
        check(j is not None and j.get("pages", 0) == 0,
              "%s: job %s printed no page (pages %s)" % (label, jid, j and j.get("pages")),
              bug=True)
        printer_alive(label)
    printed = impressions()
    check(printed is not None and printed == printed_before,
          "7 no impression printed by the bad rasters (%s -> %s)" % (printed_before, printed),
          bug=True)


def gzip_zeros(mib):
    """gzip data of `mib` MiB of zeros, cheaply: after a full flush the deflate state is reset,
    so every further MiB of zeros compresses to the same bytes (the trailer is never reached:
    the stream is cut before Z_FINISH, which the server must not wait for)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    first = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    return first, block, mib - 1


def case_gzip():
    auth = ALICE
    before = nonterminal_ids()
    # 1 GiB of zeros: about 1 MB on the wire, 1000:1, sent whole.
    first, block, n = gzip_zeros(1024)
    bomb = first + block * n
    t0 = time.time()
    expect_ipp_status("8a gzip bomb (%d bytes -> 1 GiB)" % len(bomb),
                      print_job("image/pwg-raster", "bomb", compression="gzip") + bomb,
                      COMPRESSION_ERR, auth=auth, timeout=30)
    ok("8a answered in %.1fs" % (time.time() - t0))
    ensure_nothing_kept("8a", before)
    # 30 MB of gzip data (about 30 GiB of zeros), streamed: the answer comes before the end.
    n = (30 << 20) // len(block)
    total = len(first) + n * len(block)

    def stream():
        batch = block * 64
        for _ in range(n // 64):
            yield batch
        yield block * (n % 64)

    pj = print_job("image/pwg-raster", "bomb30", compression="gzip")
    t0 = time.time()
    try:
        st, status, groups, _ = ipp(pj + first, auth, timeout=40,
                                    content_length=len(pj) + total, chunks=stream())
        check(status in (COMPRESSION_ERR, TOO_LARGE),
              "8b 30 MB gzip upload: HTTP %s IPP %s in %.1fs after %d of %d bytes" %
              (st, status if status is None else "0x%04x" % status, time.time() - t0,
               SENT[0], len(pj) + total), bug=True)
    except Exception as e:  # noqa: BLE001
        bad("8b 30 MB gzip upload: no answer: %r" % (e,), bug=True)
    printer_alive("8b")
    ensure_nothing_kept("8b", before)
    # Plain bad gzip data.
    expect_ipp_status("8c corrupt gzip data",
                      print_job("image/pwg-raster", "badgz", compression="gzip") +
                      b"\x1f\x8b\x08\x00garbage-garbage-garbage" * 50, COMPRESSION_ERR,
                      auth=auth)
    ensure_nothing_kept("8c", before)
    # gzip of a valid document cut short.
    doc = zlib.compressobj(6, zlib.DEFLATED, 31)
    good = doc.compress(pwg(pwg_page(**A4_300))) + doc.flush()
    expect_ipp_status("8d truncated gzip data",
                      print_job("image/pwg-raster", "cutgz", compression="gzip") +
                      good[:len(good) // 2], COMPRESSION_ERR, auth=auth)
    ensure_nothing_kept("8d", before)


def client_hello():
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = CTX.wrap_bio(inc, out, server_hostname=HOST)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


CREATE_JOB, SEND_DOCUMENT = 0x0005, 0x0006


def case_send_document_gzip():
    """The same bad gzip data through Create-Job + Send-Document: the same statuses as
    Print-Job (client-error-compression-error for corrupt or truncated data)."""
    auth = ALICE
    first, block, n = gzip_zeros(1024)
    doc = zlib.compressobj(6, zlib.DEFLATED, 31)
    good = doc.compress(pwg(pwg_page(**A4_300))) + doc.flush()
    for label, data, want in (
            ("8e Send-Document gzip bomb", first + block * n, (COMPRESSION_ERR, TOO_LARGE)),
            ("8f Send-Document corrupt gzip", b"\x1f\x8b\x08\x00garbage-garbage" * 50,
             (COMPRESSION_ERR,)),
            ("8g Send-Document truncated gzip", good[:len(good) // 2], (COMPRESSION_ERR,))):
        e = attr(T_NAME, "requesting-user-name", auth[0]) + attr(T_NAME, "job-name", label)
        st, status, groups, _ = ipp(request(CREATE_JOB, 70, e), auth=auth)
        jid = group_attrs(groups, JOB_GROUP).get("job-id", [(0, None)])[0][1]
        if not check(status == 0 and jid, "%s: Create-Job (IPP %s, job %s)" %
                     (label, status, jid)):
            continue
        e = attr(T_INT, "job-id", jid) + attr(T_NAME, "requesting-user-name", auth[0])
        e += attr(T_MIME, "document-format", "image/pwg-raster")
        e += attr(T_KEYWORD, "compression", "gzip") + attr(T_BOOL, "last-document", True)
        try:
            st, status, groups, _ = ipp(request(SEND_DOCUMENT, 71, e) + data, auth=auth,
                                        timeout=30)
        except Exception as ex:  # noqa: BLE001
            st, status, groups = None, None, []
            bad("%s: no answer: %r" % (label, ex), bug=True)
        msg = group_attrs(groups, OP_GROUP).get("status-message", [(0, "")])[0][1]
        check(status in want, "%s: IPP %s (expected %s) %r" %
              (label, status if status is None else "0x%04x" % status,
               "/".join("0x%04x" % w for w in want), msg), bug=True)
        j = wait_job(jid, ("completed", "aborted", "canceled"), 5)
        check(j is None or j.get("state") == "aborted",
              "%s: job %s not kept (%s)" % (label, jid, j and j.get("state")), bug=True)
        printer_alive(label)


def raw_exchange(data, timeout=5):
    """Sends raw bytes on a fresh TLS connection and returns everything read until EOF."""
    s = connect(timeout)
    out = b""
    try:
        s.sendall(data)
        deadline = time.time() + timeout
        while time.time() < deadline:
            s.settimeout(max(0.1, deadline - time.time()))
            c = s.recv(65536)
            if not c:
                break
            out += c
    except (OSError, ssl.SSLError):
        pass
    finally:
        s.close()
    return out


def case_http_framing():
    gpa = request(GET_PRINTER_ATTRS, 80, attr(T_KEYWORD, "requested-attributes",
                                              "printer-state"))
    base = "POST /ipp/print HTTP/1.1\r\nHost: %s:%d\r\n" % (HOST, PORT)

    def head(fields):
        return (base + "".join(f + "\r\n" for f in fields) + "\r\n").encode()

    ct = "Content-Type: application/ipp"
    cases = [
        ("13a Content-Length 5 GiB", head([ct, "Content-Length: %d" % (5 << 30)]) + gpa, 413),
        ("13b Content-Length with Transfer-Encoding",
         head([ct, "Content-Length: 10", "Transfer-Encoding: chunked"]) + b"0\r\n\r\n", 400),
        ("13c two Content-Lengths",
         head([ct, "Content-Length: %d" % len(gpa), "Content-Length: 5"]) + gpa, 400),
        ("13d bad chunk size", head([ct, "Transfer-Encoding: chunked"]) + b"zz\r\n" + gpa,
         400),
        ("13e 20 kB header field", head([ct, "X-Big: " + "a" * 20000]), 431),
        ("13f Content-Type text/plain", head(["Content-Type: text/plain",
                                              "Content-Length: %d" % len(gpa)]) + gpa, 415),
        ("13g chunked IPP request",
         head([ct, "Transfer-Encoding: chunked", "Connection: close"]) +
         b"%x\r\n" % len(gpa) + gpa + b"\r\n0\r\n\r\n", 200),
    ]
    for label, data, want in cases:
        out = raw_exchange(data)
        line = out.split(b"\r\n", 1)[0].decode("latin-1")
        check(line.startswith("HTTP/1.1 %d" % want), "%s: %r (expected %d)" %
              (label, line, want), bug=True)
        printer_alive(label)
    # An IPP error answer keeps the connection: the next request on it is served.
    cut = gpa[:40]
    out = raw_exchange(head([ct, "Content-Length: %d" % len(cut)]) + cut +
                       head([ct, "Content-Length: %d" % len(gpa), "Connection: close"]) + gpa)
    statuses = []
    while out.startswith(b"HTTP/1.1 "):
        hd, _, rest = out.partition(b"\r\n\r\n")
        n = int([ln.split(b":")[1] for ln in hd.split(b"\r\n")
                 if ln.lower().startswith(b"content-length:")][0])
        statuses.append(struct.unpack(">H", rest[2:4])[0])
        out = rest[n:]
    check(statuses == [BAD_REQUEST, 0],
          "13h keep-alive: bad request then a good one on one connection: %s" %
          ["0x%04x" % x for x in statuses], bug=True)


def case_slowloris():
    n, n_tls = 20, 5
    opened = time.time()
    # (socket, what it trickles): 20 TLS connections sending an HTTP header a byte a second,
    # and 5 TCP connections sending a ClientHello a byte a second (handshake timeout 10 s).
    slow = []
    for _ in range(n):
        try:
            slow.append((connect(5), http_head(100)))
        except Exception as e:  # noqa: BLE001
            bad("9 slowloris: could not open a slow connection: %r" % (e,))
    hello = client_hello()
    for _ in range(n_tls):
        slow.append((socket.create_connection((HOST, PORT), timeout=5), hello))
    closed_at = {}
    stop = threading.Event()

    def trickle():
        i = 0
        start = time.time()
        while not stop.is_set() and len(closed_at) < len(slow) and time.time() - start < 25:
            for k, (s, msg) in enumerate(slow):
                if k in closed_at:
                    continue
                try:
                    r, _, _ = select.select([s], [], [], 0)
                    if r:
                        s.settimeout(0.5)
                        if not s.recv(1024):
                            raise ConnectionError("eof")
                    s.settimeout(2)
                    if i < len(msg) - 1:  # never complete
                        s.send(msg[i:i + 1])
                except Exception:  # noqa: BLE001
                    closed_at[k] = time.time() - start
            i += 1
            stop.wait(1.0)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    late = []
    for _ in range(5):
        t0 = time.time()
        try:
            st, status, _, _ = ipp(request(GET_PRINTER_ATTRS, 20), timeout=10)
        except Exception as e:  # noqa: BLE001
            st, status = None, repr(e)
        dt = time.time() - t0
        if not (st == 200 and status == 0 and dt < 2.0):
            late.append((st, status, round(dt, 2)))
        time.sleep(1.0)
    check(not late, "9 slowloris: normal requests answered in < 2 s meanwhile %s" % late,
          bug=True)
    t.join(timeout=30)
    stop.set()
    for what, ks in (("header", range(n)), ("handshake", range(n, n + n_tls))):
        times = [closed_at.get(k) for k in ks]
        check(len(slow) == n + n_tls and all(x is not None and x <= 15.5 for x in times),
              "9 slowloris: all %d slow-%s connections closed by the server within 15 s "
              "(after %s s)" % (len(times), what,
                                sorted({round(x, 1) if x else x for x in times},
                                       key=lambda v: v or 99)), bug=True)
    for s, _ in slow:
        try:
            s.close()
        except Exception:  # noqa: BLE001
            pass
    printer_alive("9")
    ok("9 slowloris took %.1fs" % (time.time() - opened))


def rst_close(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def case_resets():
    auth = ALICE
    before = nonterminal_ids()
    # Half a request (header and a part of the IPP message), then RST.
    body = request(GET_PRINTER_ATTRS, 30)
    s = connect()
    s.sendall(http_head(len(body)) + body[:len(body) // 2])
    time.sleep(0.2)
    rst_close(s)
    printer_alive("10a half request then RST")
    # Half an HTTP header, then RST.
    s = connect()
    s.sendall(http_head(len(body))[:20])
    rst_close(s)
    printer_alive("10b half header then RST")
    # A TLS ClientHello and then close / RST.
    for how in ("close", "rst"):
        raw = socket.create_connection((HOST, PORT), timeout=5)
        raw.sendall(client_hello())
        if how == "rst":
            rst_close(raw)
        else:
            raw.close()
        printer_alive("10c ClientHello then %s" % how)
    # A Print-Job upload cut in the middle of its body (close, then RST).
    doc = pwg(pwg_page(**A4_300), pwg_page(**A4_300))
    for how in ("close", "rst"):
        pj = print_job("image/pwg-raster", "cut-" + how)
        s = connect()
        s.sendall(http_head(len(pj) + len(doc) + 500000, auth) + pj + doc)
        s.sendall(b"\0" * 100000)
        time.sleep(0.5)
        if how == "rst":
            rst_close(s)
        else:
            s.close()
        printer_alive("10d Print-Job cut mid-body (%s)" % how)
    # The half-uploaded jobs: gone or ended, never pending/processing, after a few seconds.
    deadline = time.time() + 5
    extra = nonterminal_ids() - before
    while extra and time.time() < deadline:
        time.sleep(0.2)
        extra = nonterminal_ids() - before
    check(not extra, "10d half-uploaded jobs not kept (non-terminal: %s)" % sorted(extra),
          bug=True)


def audit_events(last=50):
    rc, out, _ = ctl("--json", "audit", "--last", str(last))
    return json.loads(out).get("events", []) if rc == 0 else []


def case_auth():
    pj = print_job("image/pwg-raster", "auth-none") + pwg(pwg_page(**A4_300))
    before = nonterminal_ids()
    st, status, _, hd = ipp(pj)
    check(st == 401 and hd.get("www-authenticate", "").lower().startswith("basic"),
          "11a no credentials: HTTP %s WWW-Authenticate %r" % (st, hd.get("www-authenticate")),
          bug=True)
    ensure_nothing_kept("11a", before)
    # Wrong password (a third user, so nobody else's failed-login count moves).
    pj = print_job("image/pwg-raster", "auth-wrong", user=CAROL[0]) + pwg(pwg_page(**A4_300))
    st, status, _, hd = ipp(pj, auth=(CAROL[0], CAROL[1] + "-wrong"))
    check(st == 401 and hd.get("www-authenticate", "").lower().startswith("basic"),
          "11b wrong password: HTTP %s WWW-Authenticate %r" % (st, hd.get("www-authenticate")),
          bug=True)
    ensure_nothing_kept("11b", before)
    time.sleep(0.3)
    ev = audit_events(50)
    text = [json.dumps(e) for e in ev]
    # IPP login failures are the catalog's Printer Driver row: "Job Status" / "Print",
    # status Aborted, Interface "Printer Driver", Reason "Failed (Invalid Password)".
    login_fail = [t for t, e in zip(text, ev) if e.get("user") == CAROL[0] and
                  e.get("items", {}).get("Interface") == "Printer Driver" and
                  "Invalid Password" in e.get("items", {}).get("Reason", "")]
    check(login_fail, "11b audit: failed IPP login of %s %s" % (CAROL[0], login_fail[-1:]),
          bug=True)
    aborted = [t for t, e in zip(text, ev) if e.get("event") == "Job Status" and
               e.get("status") == "Aborted" and e.get("user") == CAROL[0] and
               "Receive Control" in e.get("items", {}).get("Reason", "")]
    check(aborted, "11b audit: Job Status aborted with a Receive Control reason %s" %
          aborted[-1:], bug=True)
    # Right password: held as Private Charge Print.
    pj = print_job("image/pwg-raster", "alice-secret-name") + pwg(pwg_page(**A4_300))
    st, status, groups, _ = ipp(pj, auth=ALICE)
    jg = group_attrs(groups, JOB_GROUP)
    jid = jg.get("job-id", [(0, None)])[0][1]
    state = jg.get("job-state", [(0, None)])[0][1]
    reasons = [v for _, v in jg.get("job-state-reasons", [])]
    check(status == 0 and jid and state == 4 and "job-hold-until-specified" in reasons,
          "11c right password: IPP %s job %s job-state %s reasons %s" %
          (status, jid, state, reasons), bug=True)
    if not jid:
        return
    job_uri_attr = attr(T_INT, "job-id", jid)
    # Bob cannot see its details...
    st, status, groups, _ = ipp(request(GET_JOB_ATTRS, 50, job_uri_attr), auth=BOB)
    jg = group_attrs(groups, JOB_GROUP)
    name = jg.get("job-name")
    hidden = name is None or name[0][1] in (None, "") or "alice-secret-name" not in str(name)
    check(st == 200 and hidden,
          "11d other user's Get-Job-Attributes: HTTP %s IPP %s, job-name %r" %
          (st, status if status is None else "0x%04x" % status, name), bug=True)
    # ...neither in Get-Jobs...
    st, status, groups, _ = ipp(request(GET_JOBS, 54, attr(T_KEYWORD, "requested-attributes",
                                                           "all")), auth=BOB)
    listed = [g for t, g in groups if t == JOB_GROUP and
              g.get("job-id", [(0, None)])[0][1] == jid]
    names = [g.get("job-name") for g in listed]
    check(status == 0 and listed and "alice-secret-name" not in str(names),
          "11d other user's Get-Jobs: job %s listed without its name (%s)" % (jid, names),
          bug=True)
    # ...and cannot cancel it.
    st, status, _, _ = ipp(request(CANCEL_JOB, 51, job_uri_attr), auth=BOB)
    check(st == 200 and status in (FORBIDDEN, NOT_AUTHORIZED),
          "11e other user's Cancel-Job: HTTP %s IPP %s" %
          (st, status if status is None else "0x%04x" % status), bug=True)
    j = job_by_id(jid)
    check(j is not None and j.get("state") == "pending-held",
          "11e job %s still held after the refused cancel (%s)" % (jid, j and j.get("state")))
    # The owner sees the name.
    st, status, groups, _ = ipp(request(GET_JOB_ATTRS, 52, job_uri_attr), auth=ALICE)
    name = group_attrs(groups, JOB_GROUP).get("job-name")
    check(status == 0 and name and name[0][1] == "alice-secret-name",
          "11f owner's Get-Job-Attributes: job-name %r" % (name,))
    done, msg = release(jid, *ALICE)
    check(done, "11g mfpctl jobs release %s --user %s (%s)" % (jid, ALICE[0], msg.strip()))
    deadline, state = time.time() + 20, None
    while time.time() < deadline:
        st, status, groups, _ = ipp(request(GET_JOB_ATTRS, 53, job_uri_attr), auth=ALICE)
        state = group_attrs(groups, JOB_GROUP).get("job-state", [(0, None)])[0][1]
        if state in (7, 8, 9):
            break
        time.sleep(0.3)
    check(state == 9, "11g released job %s completes (job-state %s)" % (jid, state), bug=True)
    printer_alive("11")


def case_concurrent():
    doc = pwg(pwg_page(**A4_300))
    results = [None] * 10

    def one(i):
        try:
            st, status, groups, _ = ipp(print_job("image/pwg-raster", "burst-%d" % i, rid=100 + i)
                                        + doc, auth=ALICE, timeout=30)
            jid = group_attrs(groups, JOB_GROUP).get("job-id", [(0, None)])[0][1]
            results[i] = (st, status, jid)
        except Exception as e:  # noqa: BLE001
            results[i] = ("error", repr(e), None)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(10)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(40)
    good = all(r and r[0] == 200 and r[1] == 0 and r[2] for r in results)
    check(good, "12 10 concurrent Print-Jobs: all successful-ok in %.1fs %s" %
          (time.time() - t0, [(r[1] if r else None) for r in results]), bug=True)
    ids = {r[2] for r in results if r and r[2]}
    check(len(ids) == sum(1 for r in results if r and r[2]), "12 distinct job ids %s" %
          sorted(ids))
    held = [j for j in jobs() if int(j["id"]) in ids and j.get("state") == "pending-held"]
    check(len(held) == len(ids), "12 all %d held as Private Charge Print" % len(held))
    # The owner cancels them over IPP.
    canceled = []
    for jid in sorted(ids):
        st, status, _, _ = ipp(request(CANCEL_JOB, 60, attr(T_INT, "job-id", jid)), auth=ALICE)
        canceled.append(status)
    check(all(c == 0 for c in canceled), "12 owner's Cancel-Job of the held jobs: %s" % canceled)
    left = nonterminal_ids() & ids
    check(not left, "12 no burst job left pending (%s)" % sorted(left))
    printer_alive("12")

CREATE_JOB, SEND_DOCUMENT, CLOSE_JOB = 0x0005, 0x0006, 0x003B


def anonymous_op(op, rid, jid, user, extra=b""):
    e = attr(T_NAME, "requesting-user-name", user)
    if jid:
        e += attr(T_INT, "job-id", jid)
    return request(op, rid, e + extra)


def case_anonymous_binding():
    """14: with Receive Control "Print" jobs come in without a login; a created job takes its
    document and Close-Job only from the client that created it (same address and
    requesting-user-name), never from another anonymous client (security review finding 1)."""
    rc, _, err = ctl("settings", "set", "print.private.receive_control", "print")
    if not check(rc == 0, "14 Receive Control set to Print (%s)" % err.strip()):
        return
    try:
        ids = {}
        for who, src in (("alice", "127.0.0.1"), ("bob", "127.0.0.2")):
            st, status, groups, _ = ipp(anonymous_op(
                CREATE_JOB, 60, None, who, attr(T_NAME, "job-name", who + "-anon")), source=src)
            jid = group_attrs(groups, JOB_GROUP).get("job-id", [(0, None)])[0][1]
            check(status == 0 and jid, "14 %s Create-Job from %s: IPP %s job %s" %
                  (who, src, status, jid), bug=True)
            ids[who] = jid
        if not all(ids.values()):
            return
        doc = pwg(pwg_page(**A4_300))
        last = attr(T_BOOL, "last-document", True) + attr(T_MIME, "document-format",
                                                          "image/pwg-raster")
        refused = [
            ("mallory from 127.0.0.3 Send-Document into alice's job", SEND_DOCUMENT, "alice",
             "mallory", "127.0.0.3", last, doc),
            ("'alice' from 127.0.0.2 Send-Document into alice's job", SEND_DOCUMENT, "alice",
             "alice", "127.0.0.2", last, doc),
            ("mallory from 127.0.0.1 Close-Job of alice's job", CLOSE_JOB, "alice", "mallory",
             "127.0.0.1", b"", b""),
            ("mallory from 127.0.0.3 Close-Job of bob's job", CLOSE_JOB, "bob", "mallory",
             "127.0.0.3", b"", b""),
        ]
        for label, op, owner, user, src, extra, data in refused:
            st, status, _, _ = ipp(anonymous_op(op, 61, ids[owner], user, extra) + data,
                                   source=src)
            check(st == 200 and status in (FORBIDDEN, NOT_AUTHORIZED),
                  "14 %s: HTTP %s IPP %s" % (label, st, None if status is None else
                                              "0x%04x" % status), bug=True)
        # Cancel-Job without a login is refused (the unauthenticated role may only create):
        # the client is asked for credentials. Get-Job-Attributes shows an anonymous client any
        # job only as Hide Job Details does (id, state): never its name or its owner.
        st, status, _, _ = ipp(anonymous_op(CANCEL_JOB, 61, ids["alice"], "mallory"),
                               source="127.0.0.3")
        check(st == 401, "14 mallory's Cancel-Job of alice's job: HTTP %s (401)" % st, bug=True)
        st, status, groups, _ = ipp(anonymous_op(GET_JOB_ATTRS, 61, ids["alice"], "mallory"),
                                    source="127.0.0.3")
        seen = repr(group_attrs(groups, JOB_GROUP))
        check(st == 200 and status == 0 and "alice" not in seen,
              "14 mallory's Get-Job-Attributes of alice's job: HTTP %s IPP %s, details hidden (%s)"
              % (st, status, "alice" not in seen), bug=True)
        for who in ("alice", "bob"):
            j = job_by_id(ids[who])
            check(j is not None and j.get("state") == "pending",
                  "14 %s's job %s still waits for its document (%s)" %
                  (who, ids[who], j and j.get("state")), bug=True)
        ev = audit_events(30)
        refusals = [e for e in ev if e.get("event") == "Job Operation" and
                    e.get("status") == "Refused" and
                    "another client" in e.get("items", {}).get("Reason", "")]
        check(len(refusals) >= 4, "14 the refusals are audited (%d)" % len(refusals), bug=True)
        # The creators' own Send-Document and Close-Job work.
        st, status, _, _ = ipp(anonymous_op(SEND_DOCUMENT, 62, ids["alice"], "alice", last) +
                               doc, source="127.0.0.1")
        check(status == 0, "14 alice's own Send-Document: IPP %s" % status, bug=True)
        st, status, _, _ = ipp(anonymous_op(SEND_DOCUMENT, 63, ids["bob"], "bob",
                                            attr(T_BOOL, "last-document", False) +
                                            attr(T_MIME, "document-format",
                                                 "image/pwg-raster")) + doc, source="127.0.0.2")
        check(status == 0, "14 bob's own Send-Document: IPP %s" % status, bug=True)
        st, status, _, _ = ipp(anonymous_op(CLOSE_JOB, 64, ids["bob"], "bob"),
                               source="127.0.0.2")
        check(status == 0, "14 bob's own Close-Job: IPP %s" % status, bug=True)
        # A job its creator made logged in: a client without credentials is asked for them.
        st, status, groups, _ = ipp(anonymous_op(CREATE_JOB, 65, None, ALICE[0]), auth=ALICE)
        own = group_attrs(groups, JOB_GROUP).get("job-id", [(0, None)])[0][1]
        st, status, _, hd = ipp(anonymous_op(CLOSE_JOB, 66, own, ALICE[0]))
        check(st == 401 and hd.get("www-authenticate", "").lower().startswith("basic"),
              "14 Close-Job of a logged-in user's job without credentials: HTTP %s (401)" % st,
              bug=True)
        st, status, _, _ = ipp(anonymous_op(CLOSE_JOB, 67, own, ALICE[0]), auth=ALICE)
        check(status == 0, "14 the same Close-Job with the creator's credentials: IPP %s" %
              status, bug=True)
        for who in ("alice", "bob"):
            state = None
            deadline = time.time() + 20
            while time.time() < deadline:
                j = job_by_id(ids[who])
                state = j and j.get("state")
                if state in ("completed", "aborted", "canceled"):
                    break
                time.sleep(0.2)
            check(state == "completed", "14 %s's job %s prints (%s)" % (who, ids[who], state),
                  bug=True)
    finally:
        ctl("settings", "set", "print.private.receive_control", "according_to_print_accounting")
        printer_alive("14")


def case_adjust_time():
    """15: Adjust Time (mfpctl time set) moves the device's clock: printer-current-time follows
    it, printer-up-time does not jump, and it is set back afterwards."""
    def printer_times(rid):
        e = attr(T_KEYWORD, "requested-attributes", "printer-current-time")
        e += attr(T_KEYWORD, "", "printer-up-time")
        st, status, groups, _ = ipp(request(GET_PRINTER_ATTRS, rid, e))
        g = group_attrs(groups, 0x04)
        current = g.get("printer-current-time", [(0, None)])[0][1]
        up = g.get("printer-up-time", [(0, None)])[0][1]
        return current, up
    _, up_before = printer_times(70)
    rc, _, err = ctl("time", "set", "2031-03-14T09:30:00Z")
    if not check(rc == 0, "15 mfpctl time set (%s)" % err.strip()):
        return
    try:
        current, up = printer_times(71)
        check(current is not None and current[:3] == (2031, 3, 14),
              "15 printer-current-time follows the device's clock: %s" % (current,), bug=True)
        check(up is not None and up_before is not None and 0 <= up - up_before < 60,
              "15 printer-up-time does not jump: %s then %s" % (up_before, up), bug=True)
    finally:
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        rc, _, err = ctl("time", "set", now)
        check(rc == 0, "15 the clock set back to %s (%s)" % (now, err.strip()))


def main():
    if not printer_alive("0 start"):
        sys.exit(1)
    t0 = time.time()
    for case in (case_malformed, case_version, case_missing_charset, case_nesting,
                 case_counts, case_formats, case_raster, case_gzip, case_send_document_gzip,
                 case_resets, case_auth, case_concurrent, case_http_framing, case_slowloris,
                 case_anonymous_binding, case_adjust_time):
        c0 = time.time()
        try:
            case()
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            bad("%s raised %r" % (case.__name__, e))
            printer_alive(case.__name__)
        print("-- %s %.1fs" % (case.__name__, time.time() - c0), flush=True)
    print("-- all cases %.1fs, %d failed" % (time.time() - t0, len(failures)), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
