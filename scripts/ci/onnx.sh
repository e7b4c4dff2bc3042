#!/usr/bin/env bash
# The ONNX module's conformance tests read the ONNX backend test cases of Debian's libonnx-testdata
# (/usr/share/libonnx-testdata/data). Idempotent: installs the package only when it is missing.
set -euo pipefail
if dpkg-query -W -f='${Status}' libonnx-testdata 2>/dev/null | grep -q "install ok installed"; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "scripts/ci/onnx.sh: need root or sudo to install libonnx-testdata" >&2; exit 1; }
    sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -q libonnx-testdata >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q libonnx-testdata >/dev/null; }
echo "scripts/ci/onnx.sh: installed libonnx-testdata" >&2
