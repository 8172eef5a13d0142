#!/usr/bin/env bash
# render-report.sh: screenshot a compass report in headless Chromium and check that every chart drew.
#   bench/scripts/render-report.sh [REPORT_HTML] [OUT_PNG] [HEIGHT]
# Defaults: compass-out/report.html, compass-out/report.png, the page's full height (capped at 16000 px).
# Needs Debian's chromium (apt-get install -y chromium). Exits non-zero if Chromium fails, the PNG is
# empty, or the DOM that Chromium rendered lacks one of the report's chart kinds.
set -euo pipefail

report="${1:-compass-out/report.html}"
png="${2:-${report%.html}.png}"
height="${3:-}"
[ -f "$report" ] || { echo "render-report: no such file: $report" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "render-report: chromium not found (apt-get install -y chromium)" >&2; exit 2; }
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage --no-first-run)

# what Chromium rendered: the serialized DOM after layout
dom="$(mktemp)"
trap 'rm -f "$dom"' EXIT
"$browser" "${flags[@]}" --dump-dom "$url" > "$dom" 2>/dev/null
missing=0
for kind in paper-latency paper-edp pareto partition-map latency-breakdown energy-breakdown solver-times convergence roofline; do
  n="$(grep -o "data-chart=\"$kind\"" "$dom" | wc -l)"
  if [ "$n" -eq 0 ]; then echo "render-report: chart '$kind' missing" >&2; missing=1; else echo "chart $kind: $n"; fi
done

if [ -z "$height" ]; then
  # estimate the page height from the SVG heights plus text; Chromium clips at the window size
  height="$(grep -o '<svg[^>]*height="[0-9]*"' "$report" | sed 's/.*height="\([0-9]*\)"/\1/' | awk '{s+=$1+8} END {print int(s/1.6)+2400}')"
  [ "$height" -gt 16000 ] && height=16000
fi
"$browser" "${flags[@]}" --screenshot="$png" --window-size=1400,"$height" "$url" 2>/dev/null
[ -s "$png" ] || { echo "render-report: no screenshot written" >&2; exit 1; }
echo "wrote $png (1400x$height)"
exit "$missing"
