#!/usr/bin/env bash
# `make run` until the daemon exists: prints the built-in test pages (an office page as PWG
# raster and a photo as JPEG) through the whole print pipeline to the simulated C7070 engine,
# and says where the engine's output pages (PNG previews, checksums, pages.json) are.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
demo=var/demo
mkdir -p "$demo"
if [ ! -f "$demo/workloads/office.pwg" ]; then
  echo "run: generating the built-in test pages (600 dpi A4)..."
  "$build/bin/mfp-bench" --gen "$demo/workloads" >/dev/null
fi
rm -rf "$demo/out"
"$build/bin/mfp-print" --dpi 600 --out "$demo/out" "$demo/workloads/office.pwg" "$demo/workloads/photo.jpg"
echo
echo "run: the engine's output pages are in $(pwd)/$demo/out"
echo "run: pages.json lists each page's checksum, tray and preview; open the page-*.png previews"
