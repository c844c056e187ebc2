#!/usr/bin/env bash
# Installs every Debian 12 package OpenMFP needs to build, run and test, when missing.
# Idempotent: does nothing (and needs no network) when everything is present.
set -euo pipefail

packages=(
  # toolchain and build
  build-essential cmake ninja-build ccache pkg-config clang clang-format clang-tidy libclang-rt-14-dev
  # libraries
  libtbb-dev libtiff-dev libjpeg62-turbo-dev liblcms2-dev libssl-dev libpng-dev zlib1g-dev libzstd-dev
  nlohmann-json3-dev libcli11-dev libsqlite3-dev libtomlplusplus-dev libboost-dev
  # the browser interface's HTML templates (header-only mustache, escapes by default)
  libkainjow-mustache-dev
  # the PDF RIP: Debian's MuPDF is a static library; these are its link dependencies
  libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev libfreetype-dev libharfbuzz-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # peers and reference data used by tests and bench/compare.sh
  ghostscript libgs-common libvips-tools mupdf-tools qpdf liblcms2-utils libtiff-tools icc-profiles-free python3
  # IPP peers and clients: ipptool/ippeveprinter, cupsd/lpadmin/lp, TLS scanners, curl
  cups-ipp-utils cups-daemon cups-client cups-bsd cups-filters sslscan openssl curl dbus-daemon
  # CUPS's web interface (its cgi programs), the browser benchmark's peer (bench/cwis_compare.sh)
  cups
  # the browser interface's real-browser tests (tests/browser): Debian's Chromium, driven by the
  # npm package playwright-core installed below (it downloads no browser)
  chromium chromium-driver
)

# Node.js and npm for the browser tests: the machine's own when it has them, else Debian's.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Packages install services (cups); the tests start their own private instances, so none is
  # started now: a policy-rc.d that refuses, unless the machine already has one.
  guard=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$guard" >/dev/null
    $SUDO chmod 755 "$guard"
  fi
  $SUDO apt-get update -qq
  rc=0
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" || rc=$?
  [ -z "$guard" ] || $SUDO rm -f "$guard"
  [ $rc -eq 0 ] || exit $rc
fi

# The browser tests' npm packages (playwright-core pinned to the release that matches Debian's
# Chromium, axe-core) into the project, exactly as tests/browser/package-lock.json says;
# again only when the lock file changed.
browser="$(dirname "$0")/../tests/browser"
stamp="$browser/node_modules/.openmfp-lock.sha256"
want=$(sha256sum "$browser/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "install-deps: npm ci in tests/browser"
  (cd "$browser" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  echo "$want" >"$stamp"
fi
