#!/usr/bin/env bash
# End to end: the built mfp-print and mfp-bench tools on real files. Generates the workloads at
# 300 dpi, prints PWG raster and JPEG, checks pages.json, previews and checksums, then checks
# that bad input gives a clear error and a non-zero exit.
set -euo pipefail
build=${1:?usage: mfp_print_test.sh BUILD_DIR}
bin=$build/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin/mfp-bench" --gen "$work/w" --dpi 300 >/dev/null
for f in office.pwg photo.jpg mixed.jpg office.pdf; do
  [ -s "$work/w/$f" ] || fail "workload $f not written"
done

"$bin/mfp-print" --dpi 300 --out "$work/out" "$work/w/office.pwg" "$work/w/photo.jpg" >"$work/log"
python3 - "$work/out" <<'PY'
import json, os, sys
out = sys.argv[1]
r = json.load(open(os.path.join(out, "pages.json")))
assert [j["status"] for j in r["jobs"]] == ["completed", "completed"], r["jobs"]
pages = r["pages"]
assert len(pages) == 2, pages
for p in pages:
    assert len(p["sha256"]) == 64
    png = os.path.join(out, p["preview"])
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", png
    assert p["width"] == 2480 and p["height"] == 3508 and p["dpi"] == 300, p
assert pages[0]["sha256"] != pages[1]["sha256"]
assert pages[1]["color"] is True
sums = open(os.path.join(out, "checksums.sha256")).read().split()
assert sums[0] == pages[0]["sha256"] and sums[2] == pages[1]["sha256"]
PY

# The same document printed again gives the same engine page.
"$bin/mfp-print" --dpi 300 --no-preview --out "$work/again" "$work/w/office.pwg" >/dev/null
first=$(head -1 "$work/out/checksums.sha256" | cut -d' ' -f1)
again=$(head -1 "$work/again/checksums.sha256" | cut -d' ' -f1)
[ "$first" = "$again" ] || fail "checksum changed between runs: $first vs $again"

# Monochrome prints black only.
"$bin/mfp-print" --dpi 300 --mono --no-preview --out "$work/mono" "$work/w/photo.jpg" >/dev/null
grep -q '"color": false' "$work/mono/pages.json" || fail "mono page printed in color"

# Bad input: a clear message naming the file, exit 1; the good file in the same run still prints.
head -c 5000 "$work/w/office.pwg" >"$work/truncated.pwg"
printf 'not a document' >"$work/garbage.bin"
set +e
"$bin/mfp-print" --out "$work/bad" "$work/truncated.pwg" "$work/garbage.bin" "$work/w/photo.jpg" \
  >"$work/bad.log" 2>"$work/bad.err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "expected exit 1 on bad input, got $rc"
grep -q "truncated.pwg: truncated" "$work/bad.err" || fail "no clear error for truncated file: $(cat "$work/bad.err")"
grep -q "garbage.bin: unsupported" "$work/bad.err" || fail "no clear error for garbage: $(cat "$work/bad.err")"
grep -q "photo.jpg: 1 page" "$work/bad.log" || fail "good file not printed after bad ones"

# Usage errors exit 2.
set +e
"$bin/mfp-print" --dpi 150 --out "$work/x" "$work/w/photo.jpg" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--dpi 150 should be a usage error"
"$bin/mfp-print" "$work/w/photo.jpg" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing --out should be a usage error"
set -e
echo "mfp-print e2e: 1 passed, 0 failed"
