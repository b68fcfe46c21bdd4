#!/usr/bin/env bash
# techopt analyze on a raw log before (--engine memory: every request in the JVM's in-memory table) and after
# (--engine duckdb, auto's choice above ~2.4M requests: the log ingested into a temporary store and analyzed by DuckDB's
# queries, #14 item 5), each with bin/techopt's default heap: wall time, CPU and peak RSS (/usr/bin/time), then the two
# JSONs checked equal (bench/JsonFiguresEqual.java). A run that fails (out of memory) is reported, not fatal. Then
# (DUCKDB_CHECK=0 to skip) the log is ingested into a store and DuckDB's own query of its Parquet files
# (bench/StoreScaleQuery.java: the last copy of each request id, requests, cost, spend by day) is printed beside
# analyze's figures.
# REQUESTS=N requests (default 3000000; ~3.9 KB a request: 3M is ~12 GB); LOG=FILE analyzes that log instead;
# WORK=DIR where the log and results go (default bench/work). A generated log over ~200 MB: delete it when done.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-3000000}"
work="${WORK:-$root/bench/work}"
mkdir -p "$work"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
log="${LOG:-$work/requests-$n.jsonl}"
if [ ! -f "$log" ]; then
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log" || exit 1
fi
run() { # run NAME COMMAND...: wall, CPU and peak RSS of one run, its stdout kept as NAME.json
  local name="$1"; shift
  if /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/$name.json" 2> "$work/$name.err"; then
    status=ok
  else
    status="FAILED: $(grep -v '^Command exited' "$work/$name.err" | tail -1)"
  fi
  read -r t u s rss < <(tail -1 "$work/time.txt")
  printf '%-22s %8.1f s wall %8.1f s CPU %6d MB peak RSS  %s\n' "$name" "$t" "$(echo "$u + $s" | bc)" $((rss / 1024)) "$status"
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); log: $log ($(du -h "$log" | cut -f1))"
run raw-before-memory "$root/bin/techopt" analyze -q -f json --engine memory "$log"
run raw-after-duckdb "$root/bin/techopt" analyze -q -f json --engine duckdb "$log"
if [ -s "$work/raw-before-memory.json" ] && [ -s "$work/raw-after-duckdb.json" ]; then
  printf 'in memory vs through a temporary store: '
  java -cp "$root/target/techopt.jar" "$root/bench/JsonFiguresEqual.java" "$work/raw-before-memory.json" "$work/raw-after-duckdb.json"
fi
if [ "${DUCKDB_CHECK:-1}" != 0 ]; then
  store="$work/raw-store"
  rm -rf "$store"
  run raw-ingest "$root/bin/techopt" ingest -q -f json --store "$store" "$log"
  if [ "$status" = ok ]; then
    java -cp "$root/target/techopt.jar" "$root/bench/StoreScaleQuery.java" "$store" "${EXPERIMENT:-support-prompt-v2}" \
      > "$work/raw-duckdb.txt"
    for name in raw-before-memory raw-after-duckdb; do
      [ -s "$work/$name.json" ] || continue
      java -cp "$root/target/techopt.jar" "$root/bench/RawAgainstDuckDb.java" "$work/$name.json" "$work/raw-duckdb.txt" \
        | sed "s/^/$name vs DuckDB's query of the ingested Parquet: /"
    done
  fi
  rm -rf "$store"
fi
