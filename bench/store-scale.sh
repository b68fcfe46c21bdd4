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
python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
def report(name):  # a command's JSON, None when it failed (no output, or a crashed JVM's text)
    try:
        return json.load(open(f"{w}/scale-{name}.json"))
    except (OSError, ValueError):
        return None
a, f, b = report("analyze"), report("cost-forecast"), report("ab-report")
p = f"{w}/scale-duckdb.json"
if not os.path.exists(p) or not os.path.getsize(p):
    sys.exit("DuckDB's query failed: nothing to compare")
d = json.loads(open(p).read().split("\n", 1)[1])
print(f"{'':34} {'techopt':>18} {'DuckDB':>18}")
def cell(r, key, spec):
    return format(r[key], spec) if r else "failed"
print(f"{'analyze requests':34} {cell(a, 'requests', ','):>18} {d['requests']:>18,}")
print(f"{'analyze cost_usd':34} {cell(a, 'cost_usd', '.6f'):>18} {d['cost_usd']:>18.6f}")
if f:
    daily = {x['date']: x['cost_usd'] for x in f['daily']}
    print(f"{'cost-forecast daily, sum':34} {sum(daily.values()):>18.6f} {sum(d['daily'].values()):>18.6f}")
    worst = max(abs(daily.get(k, 0) - v) / max(abs(v), 1e-12) for k, v in d['daily'].items())
    print(f"{'cost-forecast days, worst rel. diff':34} {worst:>18.2e} {'(' + str(len(d['daily'])) + ' days)':>18}")
else:
    print(f"{'cost-forecast daily, sum':34} {'failed':>18} {sum(d['daily'].values()):>18.6f}")
for name, dv in d['variants'].items():
    v = next((x for x in b['variants'] if x['name'] == name), {}) if b else {}
    for k in ('requests', 'users', 'cost_usd'):
        print(f"{'ab-report ' + name + ' ' + k:34} {v.get(k, 'failed'):>18} {dv[k]:>18}")
PY
