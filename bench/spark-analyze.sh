#!/usr/bin/env bash
# AnalyzeJob (#15) beside techopt analyze --store and DuckDB on the store of the same generated log (REQUESTS=200000 by
# default, kept in bench/work/ as bench/spark-ingest.sh keeps it): wall time and peak RSS of each, then the job's JSON
# checked against the CLI's (bench/JsonFiguresEqual.java: counts exact, costs 1e-9 relative, percentiles 1e-6), with
# and without group tables. DuckDB's time is bench/StoreQuery.java's (docs/store.md's query: totals, cost and p95 per
# model), a floor, not the same figures.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-200000}"
master="${MASTER:-local[2]}"
work="$root/bench/work"
mkdir -p "$work"
log="$work/requests-$n.jsonl"
if [ ! -f "$log" ]; then
  "$root/bin/techopt" samples generate --requests "$n" --seed 1 --days 30 --out "$log"
fi
"$root/bin/techopt" --version >/dev/null
"$root/bin/techopt-spark" --help >/dev/null 2>&1 || true
store="$work/store-analyze-$n"
if [ ! -f "$store/manifest.json" ]; then
  rm -rf "$store"
  "$root/bin/techopt" ingest -q -f json --store "$store" "$log" > /dev/null
fi
run() { # run NAME COMMAND...: wall time and peak RSS of one run, its stdout kept as NAME.json
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$name.json" 2> "$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  read -r t rss < "$work/time.txt"
  printf '%-44s %7.1f s %6d MB peak RSS\n' "$name" "$t" $((rss / 1024))
}
echo "store of $log ($n requests); machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
groups=(-g model -g provider -g team+model -g day -g user --top 10)
run "analyze-cli" "$root/bin/techopt" analyze -q -f json --store "$store"
run "analyze-spark" "$root/bin/techopt-spark" analyze --master "$master" -q "$store"
run "analyze-cli-groups" "$root/bin/techopt" analyze -q -f json --store "$store" "${groups[@]}"
run "analyze-spark-groups" "$root/bin/techopt-spark" analyze --master "$master" -q "$store" "${groups[@]}"
run "duckdb-store-query" java -cp "$root/target/techopt.jar" "$root/bench/StoreQuery.java" "$store"
for v in "" "-groups"; do
  printf 'techopt-spark analyze%s vs techopt analyze --store%s: ' "$v" "$v"
  java -cp "$root/target/techopt.jar" "$root/bench/JsonFiguresEqual.java" "$work/analyze-cli$v.json" "$work/analyze-spark$v.json"
done
