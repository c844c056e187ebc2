#!/usr/bin/env bash
# Runs the built-in workloads through OpenMFP and through the peers in the same run, and prints
# the figures and the ratios (ours / peer) that bench/RESULTS.md records.
#
#   bench/compare.sh [BUILD_DIR] [REPEAT]
#
# Peers, same pages, same engine profile (build/share/openmfp/engine-cmyk.icc):
#  - Ghostscript: the PDF wrapping the page's JPEG, -sDEVICE=bitcmyk -r600 (1-bit CMYK,
#    halftoned), 2 rendering threads, output discarded.
#  - PDF RIP (office-doc.pdf 20 pages, mixed-20.pdf 20 pages, photo.pdf): Ghostscript bitcmyk
#    -r600 (halftoned 1-bit CMYK, like our engine pages) and MuPDF's mutool draw -r 600 -B 512
#    -T 2 (RGB only, no color management or halftone), both with output discarded.
#  - libvips: icc_transform of the decoded page to the engine profile with VIPS_CONCURRENCY=2,
#    minus a plain copy of the same image (so only the transform is counted), against our
#    color stage alone with 2 threads.
set -euo pipefail
build=${1:-build}
repeat=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bin=$build/bin
profile=$build/share/openmfp/engine-cmyk.icc
work=${MFP_BENCH_DIR:-var/bench}
mkdir -p "$work"
if [ ! -f "$work/photo.jpg" ] || [ ! -f "$work/office.pwg" ] || [ ! -f "$work/mixed-20.pdf" ]; then
  "$bin/mfp-bench" --gen "$work" >/dev/null
fi
tmp=$(mktemp -d /dev/shm/mfp-compare.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
# Best (smallest) wall time of REPEAT runs of a command, in seconds.
best_of() {
  local best="" t0 t1 d
  for _ in $(seq "$repeat"); do
    t0=$(now)
    "$@" >/dev/null 2>&1
    t1=$(now)
    d=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}')
    if [ -z "$best" ] || awk -v d="$d" -v b="$best" 'BEGIN{exit !(d<b)}'; then best=$d; fi
  done
  echo "$best"
}
json_field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }'; }

echo "# OpenMFP vs peers, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, repeat $repeat"
echo "gs $(gs --version), $(vips --version), mutool $(mutool -v 2>&1 | sed -n 's/.*version //p' | head -1)"
echo
printf "%-10s %12s %12s %8s\n" page "ours ppm" "gs ppm" ratio
for w in photo office mixed; do
  ours=$("$bin/mfp-bench" --input "$work/$w.jpg" --repeat "$repeat" --json | json_field pages_per_minute)
  gs_s=$(best_of gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=bitcmyk -r600 -dNumRenderingThreads=2 \
         -sOutputICCProfile="$profile" -sOutputFile=/dev/null "$work/$w.pdf")
  gs_ppm=$(awk -v s="$gs_s" 'BEGIN{printf "%.1f", 60/s}')
  printf "%-10s %12.1f %12s %8s   (gs %.2f s/page)\n" "$w.jpg" "$ours" "$gs_ppm" "$(ratio "$ours" "$gs_ppm")" "$gs_s"
done
for w in office photo mixed; do
  ours=$("$bin/mfp-bench" --input "$work/$w.pwg" --repeat "$repeat" --json | json_field pages_per_minute)
  printf "%-10s %12.1f\n" "$w.pwg" "$ours"
done
echo
# "ours": the controller alone (the simulated engine prints pages unread, as a real engine's
# own hardware checks and counts dots); "+engine": with the simulated engine reading every page
# (checksum, dot count) on the same two cores. First page and RSS are from the +engine runs.
printf "%-16s %5s %10s %10s %10s %10s %7s %9s %11s %8s\n" pdf pages "ours ppm" "+engine" \
  "gs ppm" "mutool ppm" "vs gs" "vs mutool" "first page" "RSS MB"
for d in office-doc mixed-20 photo; do
  pdf=$work/$d.pdf
  pages=$(mutool show "$pdf" trailer/Root/Pages/Count 2>/dev/null | tr -dc 0-9)
  out=$("$bin/mfp-bench" --input "$pdf" --repeat "$repeat" --json)
  with_engine=$(echo "$out" | json_field pages_per_minute)
  ours=$("$bin/mfp-bench" --input "$pdf" --repeat "$repeat" --no-engine-analysis --json |
    json_field pages_per_minute)
  first=$(echo "$out" | json_field first_page_seconds)
  rss=$(echo "$out" | json_field peak_rss_mb)
  gs_s=$(best_of gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=bitcmyk -r600 -dNumRenderingThreads=2 \
         -sOutputICCProfile="$profile" -sOutputFile=/dev/null "$pdf")
  mu_s=$(best_of mutool draw -q -r 600 -B 512 -T 2 -c rgb -F pam -o /dev/null "$pdf")
  gs_ppm=$(awk -v p="$pages" -v s="$gs_s" 'BEGIN{printf "%.1f", p*60/s}')
  mu_ppm=$(awk -v p="$pages" -v s="$mu_s" 'BEGIN{printf "%.1f", p*60/s}')
  printf "%-16s %5s %10.1f %10.1f %10s %10s %7s %9s %9.0f ms %8.0f\n" "$d.pdf" "$pages" "$ours" \
    "$with_engine" "$gs_ppm" "$mu_ppm" "$(ratio "$ours" "$gs_ppm")" "$(ratio "$ours" "$mu_ppm")" \
    "$(awk -v f="$first" 'BEGIN{print f*1000}')" "$rss"
done
echo
# Color stage vs libvips icc_transform, 2 threads, on the decoded photo page.
vips copy "$work/photo.jpg" "$tmp/photo.v" >/dev/null
px=$(vipsheader -f width "$tmp/photo.v")
py=$(vipsheader -f height "$tmp/photo.v")
mpx=$(awk -v w="$px" -v h="$py" 'BEGIN{printf "%.3f", w*h/1e6}')
export VIPS_CONCURRENCY=2
t_icc=$(best_of vips icc_transform "$tmp/photo.v" "$tmp/out.v" "$profile" --intent perceptual)
t_copy=$(best_of vips copy "$tmp/photo.v" "$tmp/out2.v")
vips_mpx=$(awk -v m="$mpx" -v a="$t_icc" -v b="$t_copy" 'BEGIN{ d=a-b; if (d<=0) d=a; printf "%.1f", m/d }')
ours_mpx=$("$bin/mfp-bench" --stage color --input "$work/photo.jpg" --threads 2 --repeat "$repeat" --json | json_field mpx_per_s)
printf "color stage, 2 threads: ours %.1f Mpx/s, vips icc_transform %s Mpx/s (%.2f s incl. %.2f s copy), ratio %s\n" \
  "$ours_mpx" "$vips_mpx" "$t_icc" "$t_copy" "$(ratio "$ours_mpx" "$vips_mpx")"
for s in halftone compress; do
  v=$("$bin/mfp-bench" --stage $s --input "$work/photo.jpg" --threads 2 --repeat "$repeat" --json | json_field mpx_per_s)
  printf "%s stage, 2 threads: %.1f Mpx/s\n" "$s" "$v"
done
rss=$("$bin/mfp-bench" --input "$work/photo.jpg" --repeat 20 --json | json_field peak_rss_mb)
printf "peak RSS, 20+1 photo pages: %.0f MB\n" "$rss"
