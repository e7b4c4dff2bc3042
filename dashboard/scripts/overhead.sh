#!/usr/bin/env bash
# Cost of the dashboard's statistics: trains LeNet-5 with and without --ui, alternating, and prints medians of
# (1) the training throughput (images/s of the last epoch, measured inside the epoch: it includes the per-step
# recording and the sampled layer statistics), (2) the wall time and (3) the CPU time of the whole process
# (user + system: every thread, the HTTP server and the JIT included). The work is the same seeded training
# either way and idle threads park, so the CPU time measures the added work even when other jobs share the
# machine; throughput and wall time also measure the neighbours.
# Usage: dashboard/scripts/overhead.sh [RUNS] [EPOCHS] [DATA]   (DATA default: fashion-mnist, else the embedded subset)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=${1:-5}
epochs=${2:-2}
data=${3:-fashion-mnist}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$root/fovea" help >/dev/null    # build once, outside the timings
TIMEFORMAT='%U %S'
for i in $(seq 1 "$runs"); do
    for mode in off on; do
        flag=(); [ "$mode" = on ] && flag=(--ui --ui-port 0)
        { time "$root/fovea" train --data "$data" --epochs "$epochs" --json --out "$out/$mode-$i" "${flag[@]}" 2>/dev/null \
            | tail -n 1 > "$out/last"; } 2> "$out/cpu"
        echo "$mode $(cat "$out/cpu") $(cat "$out/last")" >> "$out/results"
    done
done
python3 - "$out/results" <<'PY'
import json, statistics, sys
rows = {"off": [], "on": []}
for line in open(sys.argv[1]):
    mode, user, system, text = line.split(" ", 3)
    r = json.loads(text)
    r["cpu"] = float(user) + float(system)
    rows[mode].append(r)
med = {m: {k: statistics.median(r[k] for r in v) for k in ("images_per_s", "seconds", "cpu")} for m, v in rows.items()}
for m in ("off", "on"):
    print(f"--ui {m:3}: images/s {[round(r['images_per_s']) for r in rows[m]]} median {med[m]['images_per_s']:.0f}; "
          f"wall median {med[m]['seconds']:.2f} s; CPU {[round(r['cpu'], 1) for r in rows[m]]} median {med[m]['cpu']:.2f} s")
print(f"overhead: throughput {100 * (1 - med['on']['images_per_s'] / med['off']['images_per_s']):.2f} %, "
      f"wall time {100 * (med['on']['seconds'] / med['off']['seconds'] - 1):.2f} %, CPU time {100 * (med['on']['cpu'] / med['off']['cpu'] - 1):.2f} %")
PY
