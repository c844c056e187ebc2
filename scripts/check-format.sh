#!/usr/bin/env bash
# Checks (or with --fix, applies) .clang-format on every C++ source under the project's folders.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=check
[ "${1:-}" = "--fix" ] && mode=fix
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- \
  'codecs/*' 'pipeline/*' 'stages/*' 'engine_hw/*' 'security/*' 'frontends/*' 'bench/*' 'tests/*' |
  grep -E '\.(h|hpp|cc|cpp)$' || true)
[ ${#files[@]} -eq 0 ] && exit 0
if [ "$mode" = fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/mfp-format.$$; then
  head -40 /tmp/mfp-format.$$
  rm -f /tmp/mfp-format.$$
  echo "check-format: files above are not formatted; run 'make format'" >&2
  exit 1
fi
rm -f /tmp/mfp-format.$$
echo "check-format: ${#files[@]} files formatted"
