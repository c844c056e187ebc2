#!/usr/bin/env bash
# The browser interface in Debian's Chromium (tests/browser/cwis.mjs): mfpd on loopback with a
# private data directory and ephemeral ports; the script logs in as the Key Operator with the
# first start's one-time password and goes through the guide's procedures. Screenshots go to
# BUILD/browser-screenshots. Exit 77 (skipped) when Chromium or the project's npm packages are
# not installed (scripts/install-deps.sh installs both).
set -euo pipefail
build=$(cd "${1:?usage: cwis_browser_test.sh BUILD_DIR}" && pwd)
bin=$build/bin
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x /usr/bin/chromium ] || [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "SKIP: Chromium or tests/browser/node_modules missing (run scripts/install-deps.sh)"
  exit 77
fi
command -v vips >/dev/null || { echo "FAIL: vips not installed (libvips-tools)" >&2; exit 1; }
# shellcheck source=../e2e/lib/mfpd.sh
. "$here/../e2e/lib/mfpd.sh"

mfpd_start
otp=$(cat "$dir/first-start-password")
https=$(listener_port https)
ipps=$(listener_port ipps)
[ "$https" -gt 0 ] && [ "$ipps" -gt 0 ] || fail "no HTTPS or IPPS listener"

# Helpers the script calls: print one job as a user (held as Private Charge Print in the secure
# configuration), add a user with the maintenance tool.
vips black "$work/page.v" 200 280 --bands 3
vips jpegsave "$work/page.v" "$work/page.jpg"
ipptool_conf
cat >"$work/print-as" <<SH
#!/usr/bin/env bash
set -euo pipefail
env HOME="$work" CUPS_SERVERROOT="$work/cups" timeout 60 /usr/bin/ipptool -t -T 20 \\
  -d filename="$work/page.jpg" -d job_name="\$3" "ipps://\$1:\$2@localhost:$ipps/ipp/print" \\
  "$here/../e2e/ipp_large_upload/print-job.test" >"$work/print-\$3.out" 2>&1
grep -q '\[PASS\]' "$work/print-\$3.out"
SH
cat >"$work/add-user" <<SH
#!/usr/bin/env bash
set -euo pipefail
printf '%s\n' "\$2" >"$work/erin-password"
printf '%s\n' "\$2" | "$bin/mfpctl" --data-dir "$dir" users add "\$1" "\$1" user >/dev/null
SH
chmod +x "$work/print-as" "$work/add-user"

shots=$build/browser-screenshots
rm -rf "$shots"
CWIS_URL="https://127.0.0.1:$https" KO_OTP="$otp" SCREENSHOTS="$shots" \
  PRINT_AS="$work/print-as" ADD_USER="$work/add-user" ERIN_PASSWORD_FILE="$work/erin-password" \
  timeout 300 node "$here/cwis.mjs" || fail "browser scenarios failed (screenshots in $shots)"
mfpd_alive || fail "mfpd died"
echo "PASS: browser interface in Chromium ($(ls "$shots" | wc -l) screenshots in $shots)"
