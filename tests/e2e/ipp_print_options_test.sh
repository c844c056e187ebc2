#!/usr/bin/env bash
# End to end: the print options of mfpd's IPPS printer, sent by Debian's ipptool (package
# cups-ipp-utils) with the requests in ipp_print_options/*.test, and what the simulated engine
# printed for them (`mfpctl --json engine output --job ID`: size, resolution, tray, output bin
# and checksum of every page). Test documents are small PDFs of A4 portrait pages (595x842 pt),
# every page different, written by this script.
#
#   printer attributes  number-up-supported 1,2,4,6,9,16 (exactly), number-up-default 1,
#                       job-creation-attributes-supported lists number-up (and the other options
#                       used here); output-bin-supported decides the output bin tested below
#   number-up           4 pages, number-up 4, media A4, default resolution: one A4 page at 600
#                       dpi (4961x7016); the job reports number-up 4 and one sheet
#   copies              3 pages, copies 2, 300 dpi: 6 pages, 4..6 the same as 1..3 (which differ)
#   media-source        media-col {media-source tray-3} (A4; jobs naming no tray take tray-1)
#                       and a supported output-bin: every page from tray-3 into that bin, on A4;
#                       an output-bin the printer does not list, with ipp-attribute-fidelity,
#                       is refused with client-error-attributes-or-values-not-supported
#   conflicts           two-sided on media-type envelope, and an A4 media-size from tray-2
#                       (which holds A3): client-error-conflicting-attributes (0x040E) for
#                       Validate-Job and Print-Job, with or without fidelity; no job created,
#                       nothing printed; the same options without the conflict validate
#   draft quality       print-quality 3 without printer-resolution, media A4: 300 dpi (2480x3508)
#   orientation         orientation-requested 4 and 5 on A4 print the portrait page differently
#                       from 3 (and from each other), all on A4
#
# Device configuration: secure, except Receive Control lets authenticated jobs print at once
# ("Job Login Success: Print"), as in cups_client_test.sh; the engine runs unthrottled. The
# requests carry HTTP Basic credentials of a local user (in the ipps:// URI).
#
# TLS: the device certificate is self-signed. ipptool (libcups) reads client.conf from a
# private CUPS_SERVERROOT that states CUPS's defaults (trust on first use, no name validation),
# and keeps what it learns under a private HOME, so the host's CUPS configuration plays no part.
#
# ipptool exits 0 on some errors in a test file (it stops reading there), so every run must
# also print the expected number of [PASS] lines and no [FAIL].
set -euo pipefail
build=${1:?usage: ipp_print_options_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
tests=$here/ipp_print_options
ipptool=/usr/bin/ipptool
[ -x "$ipptool" ] || { echo "FAIL: $ipptool not installed (cups-ipp-utils)" >&2; exit 1; }
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"
started=$(date +%s.%N)

# --- mfpd -------------------------------------------------------------------------------
mfpd_start
port=$(listener_port ipps)
[ "$port" -gt 0 ] || fail "no IPPS listener"

login=printoptions
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add "$login" "Print options" user >/dev/null ||
  fail "cannot add the test user"
ctl settings set print.private.job_login_success print >/dev/null || fail "Job Login Success"

# The trays the cases rely on (SimulatedEngine::default_trays; IPP media-source keywords as
# media_source_for_tray gives them): tray-3 holds A4 but is not the tray an A4 job without a
# media-source takes (tray-1); tray-2 holds A3.
tray_source=tray-3
a3_source=tray-2
trays=$(ctl --json status | json "' '.join(t['id']+'='+t['media'] for t in d['trays'])")
for want in tray-1=iso_a4_210x297mm tray-2=iso_a3_297x420mm tray-3=iso_a4_210x297mm; do
  [[ " $trays " == *" $want "* ]] || fail "engine trays are not the defaults ($trays)"
done

# --- ipptool ----------------------------------------------------------------------------
ipptool_conf
uri="ipps://$login:$password@localhost:$port/ipp/print"
# ipp NAME PASSES [ipptool options]: runs ipp_print_options/NAME.test, which must print
# exactly PASSES [PASS] lines (a waiting test prints one) and no [FAIL]. Output in NAME.out.
ipp() {
  local name=$1 passes=$2
  shift 2
  local out=$work/$name.out rc=0
  env HOME="$work" CUPS_SERVERROOT="$work/cups" timeout 90 "$ipptool" -t -T 20 \
    -d tray_source="$tray_source" -d a3_source="$a3_source" "$@" "$uri" "$tests/$name.test" \
    >"$out" 2>&1 || rc=$?
  local got
  got=$(grep -c '\[PASS\]' "$out" || true)
  if [ $rc -ne 0 ] || grep -q '\[FAIL\]' "$out" || [ "$got" -ne "$passes" ]; then
    sed "s/$password/PASSWORD/g" "$out" >&2
    fail "$name.test: ipptool exit $rc, $got of $passes tests passed"
  fi
}
# The job-id the (first) Print-Job of the last ipp NAME created.
job_of() {
  local id
  id=$(sed -n 's/^ *job-id (integer) = \([0-9][0-9]*\)$/\1/p' "$work/$1.out" | head -1)
  [ -n "$id" ] || fail "$1.test: no job-id displayed"
  echo "$id"
}
# pages ID NAME: the engine's pages of job ID, as JSON in $work/pages.ID.json; the device's job
# ID must be the one ipptool named NAME (the IPP job-id is the device's job id).
pages() {
  local name
  name=$(ctl --json jobs list | json "[j['name'] for j in d['jobs'] if j['id']==$1]")
  [ "$name" = "['$2']" ] || fail "device job $1 is $name, expected the IPP job '$2'"
  ctl --json engine output --job "$1" >"$work/pages.$1.json" || fail "engine output --job $1"
}
# check ID MESSAGE PYTHON: PYTHON (an expression over p, the list of job ID's engine pages in
# print order) must be true.
check() {
  /usr/bin/python3 - "$work/pages.$1.json" "$3" <<'PY' || fail "job $1: $2"
import json, sys
p = json.load(open(sys.argv[1]))["pages"]
p.sort(key=lambda r: r["sequence"])
if not eval(sys.argv[2], {"p": p}):
    print("engine pages:", file=sys.stderr)
    for r in p:
        print("  ", {k: r[k] for k in ("page", "width", "height", "dpi", "tray", "output_bin",
                                      "sheet", "side", "sha256")}, file=sys.stderr)
    sys.exit(1)
PY
}
engine_total() { ctl --json engine output --last 100000 | json "len(d['pages'])"; }
job_total() { ctl --json jobs list | json "len(d['jobs'])"; }

# --- documents --------------------------------------------------------------------------
# A PDF of N A4 portrait pages: a frame, a bar whose length grows with the page number, and
# "Page N" in large text (every page different, none symmetric under a turn).
mkpdf() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
w, h = 595, 842
objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
kids, num = [], 4
for i in range(n):
    page, content = num, num + 1
    num += 2
    kids.append(page)
    s = (f"0.2 0.2 0.2 RG 8 w 40 40 {w - 80} {h - 80} re S\n"
         f"0 0 0 rg 60 {h - 160} {100 + 60 * i} 80 re f\n"
         f"BT /F1 72 Tf 80 {h // 2} Td (Page {i + 1}) Tj ET\n"
         f"BT /F1 24 Tf 80 120 Td (bottom left, page {i + 1}) Tj ET\n").encode()
    objs[content] = b"<< /Length %d >>\nstream\n" % len(s) + s + b"\nendstream"
    objs[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources "
                  f"<< /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>").encode()
objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
    n, " ".join(f"{k} 0 R" for k in kids).encode())
data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = {}
for k in sorted(objs):
    offsets[k] = len(data)
    data += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
xref = len(data)
data += b"xref\n0 %d\n0000000000 65535 f \n" % num
for k in range(1, num):
    data += b"%010d 00000 n \n" % offsets[k]
data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (num, xref)
open(out, "wb").write(data)
PY
}
for n in 1 2 3 4; do mkpdf "$work/pages-$n.pdf" "$n" || fail "cannot write the $n-page PDF"; done

# --- 1. printer attributes --------------------------------------------------------------
ipp printer-attributes 1
grep -Eq '^ *number-up-supported \(1setOf integer\) = 1,2,4,6,9,16$' "$work/printer-attributes.out" ||
  fail "number-up-supported is not 1,2,4,6,9,16 in that order: $(grep number-up-supported "$work/printer-attributes.out")"
grep -Eq '^ *number-up-default \(integer\) = 1$' "$work/printer-attributes.out" ||
  fail "number-up-default is not 1"
bins=$(sed -n 's/^ *output-bin-supported ([a-zA-Z0-9 ]*) = //p' "$work/printer-attributes.out")
[ -n "$bins" ] || fail "no output-bin-supported"
# The bin to print to: face-up when the printer has it (not the default bin), else face-down;
# the bin to be refused: the first of these the printer does not list.
if [[ ",$bins," == *",face-up,"* ]]; then out_bin=face-up; else out_bin=face-down; fi
[[ ",$bins," == *",$out_bin,"* ]] || fail "output-bin-supported ($bins) has neither face-up nor face-down"
bad_bin=
for b in face-up top bottom mailbox-1 stacker-1; do
  [[ ",$bins," == *",$b,"* ]] || { bad_bin=$b; break; }
done
[ -n "$bad_bin" ] || fail "output-bin-supported ($bins) lists every bin the test could refuse"
echo "printer attributes: number-up-supported 1,2,4,6,9,16, default 1; output-bin-supported $bins"

# --- 2. number-up 4 -----------------------------------------------------------------------
ipp number-up 4 -d file="$work/pages-4.pdf"
id=$(job_of number-up)
pages "$id" number-up-4
check "$id" "number-up 4 of 4 pages: expected exactly one A4 page at 600 dpi (4961x7016)" \
  'len(p) == 1 and (p[0]["width"], p[0]["height"], p[0]["dpi"]) == (4961, 7016, 600)'
default_tray=$(json "d['pages'][0]['tray']" <"$work/pages.$id.json")
echo "number-up 4: job $id, 4 pages on one A4 sheet at 600 dpi (4961x7016) from $default_tray"

# --- 3. copies ----------------------------------------------------------------------------
ipp copies 4 -d file="$work/pages-3.pdf"
id=$(job_of copies)
pages "$id" copies-2
check "$id" "copies 2 of 3 pages: expected 6 pages at 300 dpi" \
  'len(p) == 6 and all(r["dpi"] == 300 for r in p)'
check "$id" "copies 2: pages 1..3 must differ from each other" \
  'len({r["sha256"] for r in p[:3]}) == 3'
check "$id" "copies 2: pages 4..6 must be pages 1..3 again" \
  '[r["sha256"] for r in p[3:]] == [r["sha256"] for r in p[:3]] and [r["page"] for r in p] == [1, 2, 3, 1, 2, 3]'
check "$id" "copies 2: every page on its own sheet" 'len({r["sheet"] for r in p}) == 6'
echo "copies 2: job $id, 6 pages, the second copy's checksums equal the first's"

# --- 4. media-source and output-bin -------------------------------------------------------
[ "$default_tray" != "$tray_source" ] ||
  fail "an A4 job without media-source already takes $tray_source: the media-source case proves nothing"
ipp media-source 4 -d file="$work/pages-2.pdf" -d bin="$out_bin"
id=$(job_of media-source)
pages "$id" media-source
check "$id" "media-source $tray_source, output-bin $out_bin: expected 2 A4 pages at 300 dpi from $tray_source into $out_bin" \
  "len(p) == 2 and all(r['tray'] == '$tray_source' and r['output_bin'] == '$out_bin' and (r['width'], r['height'], r['dpi']) == (2480, 3508, 300) for r in p)"
echo "media-source: job $id, every page from $tray_source into $out_bin (A4, 300 dpi)"
engine_before=$(engine_total)
jobs_before=$(job_total)
ipp unsupported-values 4 -d file="$work/pages-1.pdf" -d bad_bin="$bad_bin"
echo "output-bin $bad_bin (not supported) with fidelity: client-error-attributes-or-values-not-supported"

# --- 5. conflicts -------------------------------------------------------------------------
ipp conflicts 7 -d file="$work/pages-1.pdf"
[ "$(job_total)" = "$jobs_before" ] ||
  fail "a refused request created a job: $(ctl --json jobs list)"
sleep 0.5  # a job that slipped through would print within this on the unthrottled engine
[ "$(engine_total)" = "$engine_before" ] ||
  fail "the engine printed pages for refused requests ($engine_before before, $(engine_total) after)"
echo "conflicts: two-sided on envelope and A4 from the A3 tray refused (client-error-conflicting-attributes), nothing printed"

# --- 6. draft quality ---------------------------------------------------------------------
ipp draft-quality 4 -d file="$work/pages-1.pdf"
id=$(job_of draft-quality)
pages "$id" draft-quality
check "$id" "print-quality draft: expected one A4 page at 300 dpi (2480x3508)" \
  'len(p) == 1 and (p[0]["width"], p[0]["height"], p[0]["dpi"]) == (2480, 3508, 300)'
echo "draft quality: job $id, one A4 page at 300 dpi (2480x3508)"

# --- 7. orientation -----------------------------------------------------------------------
declare -A turned
for o in 3 4 5; do
  ipp orientation 4 -d file="$work/pages-1.pdf" -d orientation="$o"
  cp "$work/orientation.out" "$work/orientation-$o.out"
  id=$(job_of orientation)
  pages "$id" "orientation-$o"
  check "$id" "orientation-requested $o: expected one A4 page at 300 dpi (2480x3508)" \
    'len(p) == 1 and (p[0]["width"], p[0]["height"], p[0]["dpi"]) == (2480, 3508, 300)'
  turned[$o]=$(json "d['pages'][0]['sha256']" <"$work/pages.$id.json")
done
[ "${turned[4]}" != "${turned[3]}" ] ||
  fail "orientation-requested 4 printed the same page as 3 (${turned[3]})"
[ "${turned[5]}" != "${turned[3]}" ] ||
  fail "orientation-requested 5 printed the same page as 3 (${turned[3]})"
[ "${turned[5]}" != "${turned[4]}" ] ||
  fail "orientation-requested 5 printed the same page as 4 (${turned[4]})"
echo "orientation: 3, 4 and 5 print three different A4 pages"

# --- end ----------------------------------------------------------------------------------
mfpd_alive || fail "mfpd is no longer running"
mfpd_stop
[ $stopped -eq 0 ] || fail "mfpd exited with $stopped after SIGTERM"
echo "ipp print options: OK ($(/usr/bin/python3 -c "import time; print(f'{time.time() - $started:.1f}')") s)"
