#!/usr/bin/env bash
# Benchmark of analyze-logs: generates a 200k-request log once (REQUESTS=N to change), times techopt on it
# (wall time, CPU user+sys, MB/s, peak RSS; median of RUNS=3), and runs the same job in DuckDB beside it when node is
# present. BENCH_DIR=DIR keeps the log and results elsewhere (default bench/work).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench"
work="${BENCH_DIR:-$bench/work}"
n="${REQUESTS:-200000}"
runs="${RUNS:-3}"
mkdir -p "$work"
log="$work/requests-$n.jsonl"
if [ ! -f "$log" ]; then
  echo "generating $n requests ..." >&2
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log"
fi
bytes=$(stat -c %s "$log")
cat "$log" > /dev/null # both tools read from the page cache
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$root/bin/techopt" --version >/dev/null # build outside the timing
: > "$work/techopt.times"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$root/bin/techopt" analyze -q -f json "$log" > "$work/techopt.json"
  cat "$work/time.txt" >> "$work/techopt.times"
done
t=$(awk '{print $1}' "$work/techopt.times" | median)
rss=$(awk '{print $2}' "$work/techopt.times" | sort -n | tail -1)
cpu=$(awk '{print $3 + $4}' "$work/techopt.times" | median)
printf 'log: %d requests, %.0f MB\n' "$n" "$(echo "$bytes / 1000000" | bc -l)"
printf 'techopt analyze: %.2f s (median of %d), CPU %.1f s, %.0f MB/s, peak RSS %.0f MB, load %s\n' "$t" "$runs" "$cpu" \
  "$(echo "$bytes / 1000000 / $t" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"

if command -v node >/dev/null && command -v npm >/dev/null; then
  if [ ! -d "$bench/node_modules/@duckdb/node-api" ]; then
    (cd "$bench" && npm install --silent --no-audit --no-fund >/dev/null 2>&1) || true
  fi
fi
if [ -d "$bench/node_modules/@duckdb/node-api" ]; then
  : > "$work/duckdb.times"
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" node "$bench/duckdb-analyze.mjs" "$log" \
      "$root/src/main/resources/io/techopt/pricing/builtin-prices.json" > "$work/duckdb.json"
    cat "$work/time.txt" >> "$work/duckdb.times"
  done
  d=$(awk '{print $1}' "$work/duckdb.times" | median)
  drss=$(awk '{print $2}' "$work/duckdb.times" | sort -n | tail -1)
  dcpu=$(awk '{print $3 + $4}' "$work/duckdb.times" | median)
  printf 'DuckDB (node-api %s): %.2f s (median of %d), CPU %.1f s, %.0f MB/s, peak RSS %.0f MB, load %s\n' \
    "$(node -p "require('$bench/node_modules/@duckdb/node-api/package.json').version")" "$d" "$runs" "$dcpu" \
    "$(echo "$bytes / 1000000 / $d" | bc -l)" "$(echo "$drss / 1024" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
  printf 'techopt / DuckDB wall time: %.2f (below 1 means techopt is faster)\n' "$(echo "$t / $d" | bc -l)"
  python3 - "$work/techopt.json" "$work/duckdb.json" <<'PY' || true
import json, sys
t = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
dc = sum(m["cost_usd"] or 0 for m in d["by_model"])
print(f"cross-check: requests {t['requests']} vs {d['totals']['requests']} (DuckDB does not de-duplicate request_id), "
      f"cost ${t['cost_usd']:.4f} vs ${dc:.4f}, p95 latency {t['latency_ms']['p95']:.1f} vs {d['totals']['latency'][1]:.1f} ms, "
      f"repeat rate {t['repeats']['exact_repeat_rate']:.4f} vs {d['totals']['exact_repeat_rate']:.4f}")
PY
else
  echo "DuckDB: not installed (needs node and npm; bench/analyze.sh installs @duckdb/node-api into bench/node_modules)"
fi
