#!/usr/bin/env bash
# Makes sure a Chromium for the end-to-end tests is installed.
#
# The e2e tests drive Debian's own Chromium package (/usr/bin/chromium, or $SAGASHOP_CHROMIUM),
# never a browser downloaded by Playwright. When it is missing this script installs it with
# apt-get: it runs "apt-get update" and then "apt-get install -y chromium", as root or with sudo.
# Nothing else is installed or changed.
set -euo pipefail

CHROMIUM="${SAGASHOP_CHROMIUM:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM" ]]; then
  echo "Chromium is installed: $CHROMIUM"
  exit 0
fi

if [[ "$CHROMIUM" != /usr/bin/chromium ]]; then
  echo "SAGASHOP_CHROMIUM points to $CHROMIUM, which does not exist; not installing anything." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing at $CHROMIUM and this system has no apt-get." >&2
  echo "Install Chromium yourself and set SAGASHOP_CHROMIUM to its path." >&2
  exit 1
fi

if [[ $EUID -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Chromium is missing; installing it needs root: run 'apt-get install chromium' as root." >&2
  exit 1
fi

echo "Chromium is missing at $CHROMIUM: installing Debian's 'chromium' package with apt-get."
"${as_root[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q chromium
echo "Installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
