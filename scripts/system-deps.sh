#!/usr/bin/env bash
# Installs the Debian packages Queue Hall needs (Qt's system libraries, the CJK font,
# espeak-ng for the display's voice, chromium for the phone page's browser test, PostgreSQL's
# server for the county tests: they initdb a throw-away one). As root it runs apt-get; otherwise it prints the
# exact line to run and carries on (tests that need a missing piece will say so).
set -u
PKGS=(
  fonts-noto-cjk
  libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-xinerama0 libxcb-image0
  libx11-xcb1 libxrender1 libxi6
  libpulse0 libasound2 libusb-1.0-0
  espeak-ng
  chromium  # the phone page's browser test (Playwright drives it)
  postgresql  # the service's tests on PostgreSQL (initdb + pg_ctl in a temporary folder; no cluster needed)
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "apt-get failed; run: sudo apt-get install ${missing[*]}" >&2; exit 1; }
else
  echo "Missing system packages. Please run:"
  echo "  sudo apt-get install -y ${missing[*]}"
fi
