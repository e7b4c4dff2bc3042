#!/usr/bin/env bash
# Runs a PyTorch peer script with Debian's python3-torch at its best: OpenBLAS (libopenblas0-openmp) first on
# LD_LIBRARY_PATH instead of the reference BLAS, and glibc's malloc trimming off. Installs both if missing.
set -euo pipefail
need=()
/usr/bin/python3 -c "import torch" 2>/dev/null || need+=(python3-torch)
[ -e /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 ] || need+=(libopenblas0-openmp)
if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]} from Debian (once)..." >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq "${need[@]}" >&2
fi
export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184
exec /usr/bin/python3 "$@"
