#!/usr/bin/env bash
# The Spark sweep end to end through ./compass, as a user of a fresh clone runs it: a small grid
# solved by the local sweep and by `--spark local[2]`; every row's key, status, objective, latency,
# energy, EDP, throughput and partition count (results.csv's first 12 columns; the 13th is the
# wall-clock solve time) must be the same. Exit 0 and "spark smoke: N rows equal" when they are.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
grid=(--model squeezenet1_0,resnet18 --hw compass-s --batch 1,16 --objective latency,edp --solvers dp,greedy,layerwise,genetic
  --seed 3 --time-limit 60 --quiet)
"$root/compass" sweep "${grid[@]}" --out "$work/local" >/dev/null
"$root/compass" sweep "${grid[@]}" --spark 'local[2]' --out "$work/spark" >/dev/null
for f in results.csv results.json report.html; do
  [ -s "$work/spark/$f" ] || { echo "spark smoke: $work/spark/$f is missing or empty" >&2; exit 1; }
done
if ! diff <(cut -d, -f1-12 "$work/local/results.csv") <(cut -d, -f1-12 "$work/spark/results.csv") >&2; then
  echo "spark smoke: the Spark sweep's rows differ from the local sweep's (above: < local, > spark)" >&2
  exit 1
fi
rows=$(($(wc -l <"$work/spark/results.csv") - 1))
[ "$rows" -eq 32 ] || { echo "spark smoke: expected 32 rows, got $rows" >&2; exit 1; }
echo "spark smoke: $rows rows equal"
