#!/usr/bin/env bash
# cost-forecast and ab-report on a raw log of more requests than bin/techopt's heap holds in memory (#14 item 5), before
# (every request in the heap: the limit lifted with -Dtechopt.memoryEngineMaxRequests, bin/techopt's other flags) and
# after (bin/techopt's defaults: the log read through a temporary store, with a warning), each with wall time, CPU and
# peak RSS (/usr/bin/time); a run that fails (out of memory) is reported, not fatal. The JSONs of a command's two runs
# are checked equal (bench/JsonFiguresEqual.java) when both ran. Then the log is ingested into a store and DuckDB's own
# query of its Parquet (bench/StoreScaleQuery.java) is printed beside the figures (bench/against_duckdb.py).
# REQUESTS=N (default 5000000, ~3.9 KB a request: ~19.5 GB); LOG=FILE takes that log instead; WORK=DIR where the log
# and results go (default bench/work); EXPERIMENT (support-prompt-v2). A generated log: delete it when done.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-5000000}"
experiment="${EXPERIMENT:-support-prompt-v2}"
work="${WORK:-$root/bench/work}"
mkdir -p "$work"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
log="${LOG:-$work/requests-$n.jsonl}"
if [ ! -f "$log" ]; then
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log" || exit 1
fi
. "$root/bench/run-timed.sh" # run_and_go_on NAME COMMAND...
flags="-Xmx768m -Xmn160m -XX:ReservedCodeCacheSize=64m -XX:+UseParallelGC -XX:ParallelGCThreads=2" # bin/techopt's
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); log: $log ($(du -h "$log" | cut -f1))"
for cmd in cost-forecast ab-report; do
  args=(-q -f json); [ "$cmd" = ab-report ] && args+=(--experiment "$experiment")
  TECHOPT_JAVA_OPTS="$flags -Dtechopt.memoryEngineMaxRequests=9223372036854775807" \
    run_and_go_on "raw-forecast-before-$cmd" "$root/bin/techopt" "$cmd" "${args[@]}" "$log"
  run_and_go_on "raw-forecast-after-$cmd" "$root/bin/techopt" "$cmd" "${args[@]}" "$log"
  if [ -s "$work/raw-forecast-before-$cmd.json" ] && [ -s "$work/raw-forecast-after-$cmd.json" ]; then
    printf '%s in memory vs through a temporary store: ' "$cmd"
    java -cp "$root/target/techopt.jar" "$root/bench/JsonFiguresEqual.java" "$work/raw-forecast-before-$cmd.json" \
      "$work/raw-forecast-after-$cmd.json"
  fi
done
store="$work/raw-forecast-store"
rm -rf "$store"
run_and_go_on raw-forecast-ingest "$root/bin/techopt" ingest -q -f json --store "$store" "$log"
run_and_go_on raw-forecast-after-duckdb java -cp "$root/target/techopt.jar" "$root/bench/StoreScaleQuery.java" "$store" "$experiment"
python3 "$root/bench/against_duckdb.py" "$work" raw-forecast-after-
rm -rf "$store"
