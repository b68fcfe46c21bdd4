#!/usr/bin/env bash
# Benchmark of the usage store: generates a 200k-request log once (REQUESTS=N to change, kept in bench/work/),
# ingests it into a new store, then times analyze on the store, analyze on the raw log and DuckDB's own query of the
# store's Parquet files (bench/StoreQuery.java: last copy of each request id, requests, cost and p95 latency per model),
# median of RUNS=3 each, and checks that analyze gives the same JSON on the store as on the log.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench"
work="${BENCH_DIR:-$bench/work}"
n="${REQUESTS:-200000}"
runs="${RUNS:-3}"
mkdir -p "$work"
log="$work/requests-$n.jsonl"
store="$work/store-$n"
if [ ! -f "$log" ]; then
  echo "generating $n requests ..." >&2
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log"
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$root/bin/techopt" --version >/dev/null # build outside the timing
cat "$log" > /dev/null # every run reads from the page cache

rm -rf "$store"
/usr/bin/time -f "%e %M" -o "$work/time.txt" "$root/bin/techopt" ingest -q -f json "$log" --store "$store" > "$work/ingest.json"
read -r ingest_s ingest_rss < "$work/time.txt"

# runs a command RUNS times; prints "median_seconds peak_rss_kb"
timed() {
  local out="$1"; shift
  : > "$work/runs.times"
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$out"
    cat "$work/time.txt" >> "$work/runs.times"
  done
  echo "$(awk '{print $1}' "$work/runs.times" | median) $(awk '{print $2}' "$work/runs.times" | sort -n | tail -1)"
}
read -r raw_s raw_rss <<< "$(timed "$work/analyze-log.json" "$root/bin/techopt" analyze -q -f json "$log")"
read -r st_s st_rss <<< "$(timed "$work/analyze-store.json" "$root/bin/techopt" analyze -q -f json --store "$store")"
read -r db_s db_rss <<< "$(timed "$work/duckdb-store.txt" java -cp "$root/target/techopt.jar" "$bench/StoreQuery.java" "$store")"
db_query=$(head -1 "$work/duckdb-store.txt")

log_mb=$(echo "$(stat -c %s "$log") / 1000000" | bc -l)
store_mb=$(echo "$(du -sb "$store" | cut -f1) / 1000000" | bc -l)
printf 'log: %d requests, %.0f MB; store: %.1f MB of Parquet (ingest %.2f s, peak RSS %.0f MB)\n' "$n" "$log_mb" "$store_mb" \
  "$ingest_s" "$(echo "$ingest_rss / 1024" | bc -l)"
printf '%-44s %10s %14s\n' "median of $runs runs" "wall (s)" "peak RSS (MB)"
printf '%-44s %10.2f %14.0f\n' "techopt analyze, raw log" "$raw_s" "$(echo "$raw_rss / 1024" | bc -l)"
printf '%-44s %10.2f %14.0f\n' "techopt analyze --store" "$st_s" "$(echo "$st_rss / 1024" | bc -l)"
printf '%-44s %10.2f %14.0f   (query alone %.2f s)\n' "DuckDB on the store's Parquet (JVM + query)" "$db_s" \
  "$(echo "$db_rss / 1024" | bc -l)" "$db_query"
python3 - "$work/analyze-log.json" "$work/analyze-store.json" "$work/duckdb-store.txt" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
d = json.loads(open(sys.argv[3]).read().split("\n", 1)[1])
print("analyze JSON on the store == on the log:", a == s)
print(f"cross-check: requests {a['requests']} (log) {s['requests']} (store) {d['requests']} (DuckDB); "
      f"cost ${a['cost_usd']:.4f} (log) ${s['cost_usd']:.4f} (store) ${d['cost_usd']:.4f} (DuckDB, cost stored at ingest)")
PY
