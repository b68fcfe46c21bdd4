#!/usr/bin/env bash
# techopt analyze --store before (every stored record read into analyze's in-memory table: --engine memory)
# and after (DuckDB queries, analyze/sql/DuckDbAnalyze, #14 item 1: the default) on a store of generated logs, beside DuckDB's own
# query of the same Parquet files (bench/StoreQuery.java: totals, cost and p95 per model, a floor, not the same figures).
# Each run: wall time, CPU (user + system) and peak RSS (/usr/bin/time). Then the two JSONs checked equal
# (bench/JsonFiguresEqual.java: counts exact, costs 1e-9 relative, percentiles 1e-6).
# REQUESTS=N requests a log (default 200000, kept in bench/work/ as bench/analyze.sh keeps it); PARTS="1 3" analyzes
# a store of 1 log, then one of 3 logs (other seeds) of N requests each: whether RSS grows with the request count.
# RUNS=N runs the DuckDB path N times (default 1): at the memory limit every run must finish, not most.
# 200k, 800k and 3.2M: REQUESTS=200000 PARTS=1, then REQUESTS=800000 PARTS="1 4" RUNS=3 (logs of 3.1 GB each).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-200000}"
runs="${RUNS:-1}"
parts="${PARTS:-1}"
work="$root/bench/work"
mkdir -p "$work"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
. "$root/bench/run-timed.sh" # run NAME COMMAND...
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for k in $parts; do
  store="$work/store-analyze-$n-x$k"
  if [ ! -f "$store/manifest.json" ]; then
    rm -rf "$store"
    for i in $(seq 1 "$k"); do
      log="$work/requests-$n-seed$i.jsonl"
      [ "$i" = 1 ] && [ -f "$work/requests-$n.jsonl" ] && log="$work/requests-$n.jsonl"
      if [ ! -f "$log" ]; then
        "$root/bin/techopt" samples generate --requests "$n" --seed "$i" --days 30 --out "$log"
      fi
      "$root/bin/techopt" ingest -q -f json --store "$store" "$log" > /dev/null
    done
  fi
  echo "store of $k log(s) of $n requests ($(du -sh "$store" | cut -f1))"
  run "x$k-before-records" \
    "$root/bin/techopt" analyze -q -f json --engine memory --store "$store"
  for r in $(seq 1 "$runs"); do
    run "x$k-after-duckdb" "$root/bin/techopt" analyze -q -f json --store "$store"
  done
  run "x$k-duckdb-store-query" java -cp "$root/target/techopt.jar" "$root/bench/StoreQuery.java" "$store"
  printf 'x%s: analyze --store on DuckDB vs in memory: ' "$k"
  java -cp "$root/target/techopt.jar" "$root/bench/JsonFiguresEqual.java" "$work/x$k-before-records.json" "$work/x$k-after-duckdb.json"
done
