#!/usr/bin/env bash
# `make run`: starts the device daemon (mfpd) on its embedded defaults with ./var as its data
# directory, in the foreground (Ctrl-C shuts it down in order). At first start it prints the
# Key Operator's one-time password (also in var/first-start-password, mode 0600).
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
dir=var
mkdir -p "$dir"
echo "run: starting mfpd (data directory $(pwd)/$dir)"
echo "run: in another terminal:"
echo "       $build/bin/mfpctl --data-dir $dir status"
echo "       $build/bin/mfpctl --data-dir $dir settings check"
echo "       $build/bin/mfpctl --data-dir $dir print FILE    (held as Private Charge Print)"
echo "       $build/bin/mfpctl --data-dir $dir jobs list / jobs release ID"
exec "$build/bin/mfpd" --data-dir "$dir"
