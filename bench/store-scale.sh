#!/usr/bin/env bash
# The store at scale (#14): a store of PARTS generated logs of REQUESTS requests each (default 5 x 2M = 10M requests,
# other seeds, each log ingested then deleted: 7.7 GB apiece), then analyze --store, cost-forecast --store and
# ab-report --store through bin/techopt, each with wall time, CPU (user + system) and peak RSS (/usr/bin/time), and
# DuckDB's own query of the same Parquet files (bench/StoreScaleQuery.java) printed beside techopt's figures:
# requests and cost, the daily spend, the experiment's variants. STORE=DIR keeps the store elsewhere (default
# bench/work/store-scale-N-xK; an existing store is reused, parts already in it skipped); EXPERIMENT (support-prompt-v2).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${REQUESTS:-2000000}"
parts="${PARTS:-5}"
experiment="${EXPERIMENT:-support-prompt-v2}"
work="$root/bench/work"
store="${STORE:-$work/store-scale-$n-x$parts}"
mkdir -p "$work"
"$root/bin/techopt" --version >/dev/null # builds the jar when the sources changed
. "$root/bench/run-timed.sh" # run NAME COMMAND...
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for i in $(seq 1 "$parts"); do
  if [ -f "$store/manifest.json" ] && grep -q "requests-$n-seed$i.jsonl\"" "$store/manifest.json"; then continue; fi
  log="$work/requests-$n-seed$i.jsonl"
  [ -f "$log" ] || "$root/bin/techopt" samples generate --requests "$n" --seed "$i" --days 30 --out "$log"
  run "scale-ingest-$i" "$root/bin/techopt" ingest -q -f json --store "$store" "$log"
  rm -f "$log"
done
echo "store: $(grep -o '"requests" *: *[0-9]*' "$store/manifest.json" | awk -F: '{s += $2} END {print s}') requests ingested, $(du -sh "$store" | cut -f1)"
run scale-analyze "$root/bin/techopt" analyze -q -f json --store "$store"
run scale-cost-forecast "$root/bin/techopt" cost-forecast -q -f json --store "$store"
run scale-ab-report "$root/bin/techopt" ab-report -q -f json --store "$store" --experiment "$experiment"
run scale-duckdb java -cp "$root/target/techopt.jar" "$root/bench/StoreScaleQuery.java" "$store" "$experiment"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
a = json.load(open(f"{w}/scale-analyze.json"))
f = json.load(open(f"{w}/scale-cost-forecast.json"))
b = json.load(open(f"{w}/scale-ab-report.json"))
d = json.loads(open(f"{w}/scale-duckdb.json").read().split("\n", 1)[1])
print(f"{'':34} {'techopt':>18} {'DuckDB':>18}")
print(f"{'analyze requests':34} {a['requests']:>18,} {d['requests']:>18,}")
print(f"{'analyze cost_usd':34} {a['cost_usd']:>18.6f} {d['cost_usd']:>18.6f}")
daily = {x['date']: x['cost_usd'] for x in f['daily']}
print(f"{'cost-forecast daily, sum':34} {sum(daily.values()):>18.6f} {sum(d['daily'].values()):>18.6f}")
worst = max(abs(daily.get(k, 0) - v) / max(abs(v), 1e-12) for k, v in d['daily'].items())
print(f"{'cost-forecast days, worst rel. diff':34} {worst:>18.2e} {'(' + str(len(d['daily'])) + ' days)':>18}")
for v in b['variants']:
    dv = d['variants'].get(v['name'], {})
    for k in ('requests', 'users', 'cost_usd'):
        print(f"{'ab-report ' + v['name'] + ' ' + k:34} {v[k]:>18} {dv.get(k, '-'):>18}")
PY
