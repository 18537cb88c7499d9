#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is on PATH and prints its path.
# The report test renders report.html in it; when Chromium is missing this installs Debian's
# `chromium` package (through sudo unless already root) and fails loudly if that is impossible,
# so the test never silently skips.
set -euo pipefail

find_chromium() {
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-chromium: chromium is not installed and this user cannot install packages" \
    "(not root, no password-less sudo); install it with: apt-get install -y chromium" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is not installed and apt-get is not available;" \
    "install Chromium by hand and put it on PATH" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update -q >&2 || ! "${as_root[@]}" apt-get install -y -q chromium >&2; then
  echo "ensure-chromium: apt-get could not install chromium (see above); install it by hand:" \
    "apt-get install -y chromium" >&2
  exit 1
fi

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi
echo "ensure-chromium: apt-get finished but no chromium binary is on PATH" >&2
exit 1
