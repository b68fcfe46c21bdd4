#!/usr/bin/env bash
# The store at scale (#14): a store of PARTS generated logs of REQUESTS requests each (default 5 x 2M = 10M requests,
# other seeds, each log ingested then deleted: 7.7 GB apiece), then analyze --store, cost-forecast --store and
# ab-report --store through bin/techopt, each with wall time, CPU (user + system) and peak RSS (/usr/bin/time), and
# DuckDB's own query of the same Parquet files (bench/StoreScaleQuery.java) printed beside techopt's figures:
# requests and cost, the daily spend, the experiment's variants. STORE=DIR keeps the store elsewhere (default
# bench/work/store-scale-N-xK; an existing store is reused, parts already in it skipped); EXPERIMENT (support-prompt-v2).
# A command that fails (out of memory at 10M, say) is printed with its figures and the others still run. The load
# average is printed after each command.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-2000000}"
parts="${PARTS:-5}"
experiment="${EXPERIMENT:-support-prompt-v2}"
work="$root/bench/work"
store="${STORE:-$work/store-scale-$n-x$parts}"
mkdir -p "$work"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
. "$root/bench/run-timed.sh" # run NAME COMMAND..., run_and_go_on NAME COMMAND...
load() { echo "  load $(cut -d' ' -f1-3 /proc/loadavg)"; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for i in $(seq 1 "$parts"); do
  if [ -f "$store/manifest.json" ] && grep -q "requests-$n-seed$i.jsonl\"" "$store/manifest.json"; then continue; fi
  log="$work/requests-$n-seed$i.jsonl"
  [ -f "$log" ] || "$root/bin/techopt" samples generate --requests "$n" --seed "$i" --days 30 --out "$log"
  run "scale-ingest-$i" "$root/bin/techopt" ingest -q -f json --store "$store" "$log"; load
  rm -f "$log"
done
echo "store: $(grep -o '"requests" *: *[0-9]*' "$store/manifest.json" | awk -F: '{s += $2} END {print s}') requests ingested, $(du -sh "$store" | cut -f1)"
run_and_go_on scale-analyze "$root/bin/techopt" analyze -q -f json --store "$store"; load
run_and_go_on scale-cost-forecast "$root/bin/techopt" cost-forecast -q -f json --store "$store"; load
run_and_go_on scale-ab-report "$root/bin/techopt" ab-report -q -f json --store "$store" --experiment "$experiment"; load
run_and_go_on scale-duckdb java -cp "$root/target/techopt.jar" "$root/bench/StoreScaleQuery.java" "$store" "$experiment"; load
python3 "$root/bench/against_duckdb.py" "$work" scale-
