#!/usr/bin/env bash
# Cost of the dashboard's statistics: trains LeNet-5 on the embedded Fashion-MNIST subset with and without
# --ui, alternating, and prints the median training throughput (images/s of the last epoch, measured inside
# the epoch, so it includes the per-step recording and the sampled layer statistics) and the median wall
# time of each, then the overhead in percent. Usage: dashboard/scripts/overhead.sh [RUNS] [EPOCHS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=${1:-5}
epochs=${2:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/fovea" help >/dev/null    # build once, outside the timings
for i in $(seq 1 "$runs"); do
    for mode in off on; do
        flag=(); [ "$mode" = on ] && flag=(--ui --ui-port 0)
        "$root/fovea" train --data fashion-mnist-embedded --epochs "$epochs" --json --out "$out/$mode-$i" "${flag[@]}" 2>/dev/null \
            | tail -n 1 | sed "s/^/$mode /" >> "$out/results"
    done
done
python3 - "$out/results" <<'PY'
import json, statistics, sys
rows = {"off": [], "on": []}
for line in open(sys.argv[1]):
    mode, text = line.split(" ", 1)
    rows[mode].append(json.loads(text))
med = {m: (statistics.median(r["images_per_s"] for r in v), statistics.median(r["seconds"] for r in v)) for m, v in rows.items()}
for m in ("off", "on"):
    print(f"--ui {m:3}: {[round(r['images_per_s']) for r in rows[m]]} images/s, median {med[m][0]:.0f}; wall median {med[m][1]:.2f} s")
print(f"overhead: throughput {100 * (1 - med['on'][0] / med['off'][0]):.2f} %, wall time {100 * (med['on'][1] / med['off'][1] - 1):.2f} %")
PY
