#!/usr/bin/env bash
# The dashboard's browser test needs a headless Chromium and its WebDriver (Debian packages), plus fonts so
# the screenshot has readable text. Idempotent: installs only what is missing.
set -euo pipefail
packages=(chromium chromium-driver fonts-liberation)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "dashboard.sh: ${packages[*]} already installed" >&2
    exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "dashboard.sh: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo -n)
fi
echo "dashboard.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
