#!/usr/bin/env bash
# Runs clang-tidy (the repo's .clang-tidy) over every non-test C++ source with the build's
# compile commands; any warning fails (WarningsAsErrors). Part of `make test`.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
[ -f "$build/compile_commands.json" ] || { echo "run-clang-tidy: no $build/compile_commands.json" >&2; exit 1; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  'codecs/*.cc' 'pipeline/*.cc' 'stages/*.cc' 'engine_hw/*.cc' 'security/*.cc' 'frontends/*.cc' \
  'bench/*.cc')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if printf '%s\n' "${files[@]}" |
   xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet >"$log" 2>/dev/null; then
  echo "clang-tidy: ${#files[@]} files clean"
else
  grep -E 'warning:|error:' "$log" | sort -u | head -60
  echo "clang-tidy: warnings above (see .clang-tidy)" >&2
  exit 1
fi
