#!/usr/bin/env bash
# End to end: CUPS's own IPP conformance files, as Debian ships them with ipptool
# (/usr/share/cups/ipptool/ipp-1.1.test, and ipp-2.0.test, which includes it), against mfpd over
# IPPS. They need no ../shared: this runs in every clone. The documents they print are made
# here (Debian ships the .test files without them): a JPEG test file and its gzip copy (-f),
# color.jpg and gray.jpg, A4 and Letter PDFs from Ghostscript; the PostScript files exist only
# to be found (the printer does not list PostScript, so those tests are skipped).
#
# Device configuration: secure, except "Job Login Success: Print" (the files wait for their
# jobs to complete); credentials of a local user in the ipps:// URI. Every file must print its
# summary with 0 failed.
set -euo pipefail
build=${1:?usage: ipp_cups_conformance_test.sh BUILD_DIR}
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
ipptool=/usr/bin/ipptool
cups_tests=/usr/share/cups/ipptool
[ -x "$ipptool" ] || { echo "FAIL: $ipptool not installed (cups-ipp-utils)" >&2; exit 1; }
[ -r "$cups_tests/ipp-1.1.test" ] || { echo "FAIL: $cups_tests/ipp-1.1.test missing" >&2; exit 1; }
# shellcheck source=lib/mfpd.sh
. "$here/lib/mfpd.sh"

mfpd_start
port=$(listener_port ipps)
[ "$port" -gt 0 ] || fail "no IPPS listener"
login=cupsconf
password=$(openssl rand -hex 12)
printf '%s\n' "$password" | ctl users add "$login" "CUPS conformance" user >/dev/null ||
  fail "cannot add the test user"
ctl settings set print.private.job_login_success print >/dev/null || fail "Job Login Success"

# The files and the documents they name, side by side (ipptool resolves FILE next to the file).
suite=$work/suite
mkdir -p "$suite"
cp "$cups_tests/ipp-1.1.test" "$cups_tests/ipp-2.0.test" "$suite/"
vips black "$work/black.v" 850 1100 --bands 3
vips linear "$work/black.v" "$work/color.v" "1 1 1" "40 120 200" --uchar
vips jpegsave "$work/color.v" "$suite/color.jpg" --Q 85
vips colourspace "$work/color.v" "$work/gray.v" b-w
vips jpegsave "$work/gray.v" "$suite/gray.jpg" --Q 85
cp "$suite/color.jpg" "$work/testfile.jpg"
gzip -kf "$work/testfile.jpg"
for size in a4:595:842 letter:612:792; do
  IFS=: read -r name w h <<<"$size"
  cat >"$suite/document-$name.ps" <<PS
%!PS
<< /PageSize [$w $h] >> setpagedevice
/Helvetica findfont 36 scalefont setfont
72 $((h - 144)) moveto (OpenMFP $name) show
showpage
PS
  gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -o "$suite/document-$name.pdf" \
    "$suite/document-$name.ps"
done

ipptool_conf
uri="ipps://$login:$password@localhost:$port/ipp/print"
# FILE:MARKER: ipptool can exit 0 after stopping early, so each run must also show its last
# test passed (ipp-1.1.test prints a summary; ipp-2.0.test, which includes it, does not).
for run in "ipp-1.1.test:^Summary: .* 0 failed" \
           "ipp-2.0.test:PWG 5100.12 section 6.2 - Required Printer Description Attributes +\[PASS\]"; do
  file=${run%%:*}
  marker=${run#*:}
  out=$work/$file.out
  rc=0
  env HOME="$work" CUPS_SERVERROOT="$work/cups" timeout 300 "$ipptool" -t -T 30 \
    -f "$work/testfile.jpg" "$uri" "$suite/$file" >"$out" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || grep -Eq '\[FAIL\]|cannot be read' "$out" || ! grep -Eq "$marker" "$out"; then
    sed "s/$password/PASSWORD/g" "$out" | grep -B2 -A12 -E '\[FAIL\]|cannot be read' >&2 || true
    tail -5 "$out" | sed "s/$password/PASSWORD/g" >&2
    fail "$file: ipptool exit $rc, or it did not run to its end"
  fi
  echo "$file: $(grep -c '\[PASS\]' "$out") passed, $(grep -c '\[SKIP\]' "$out") skipped, 0 failed"
done
mfpd_stop
[ "$stopped" -eq 0 ] || fail "mfpd exited with $stopped"
echo "ipp cups conformance: OK"
